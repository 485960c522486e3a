package io.sealer.ipvs;

import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one virtual server healthy (lvscare's {@code care}): applies it with every configured real
 * server, then every interval probes them all in parallel, takes the unhealthy out of the rotation
 * and puts the recovered back, and restores the rules if someone removed them. Every change is
 * reported as a log event. {@link #run()} blocks until {@link #stop()}; with {@code cleanOnStop}
 * the rules and the VIP are then removed, otherwise they stay and keep working.
 */
public final class CareLoop {
  private final LoadBalancer balancer;
  private final VipAddress vipAddress;
  private final HealthProber prober;
  private final EventListener events;
  private final VirtualServer configured;
  private final HealthCheck check;
  private final Duration interval;
  private final boolean cleanOnStop;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile List<Endpoint> active = List.of();

  CareLoop(
      LoadBalancer balancer,
      VipAddress vipAddress,
      HealthProber prober,
      EventListener events,
      VirtualServer configured,
      HealthCheck check,
      Duration interval,
      boolean cleanOnStop) {
    this.balancer = balancer;
    this.vipAddress = vipAddress;
    this.prober = prober;
    this.events = events;
    this.configured = configured;
    this.check = check;
    this.interval = interval;
    this.cleanOnStop = cleanOnStop;
  }

  /**
   * Applies the virtual server and cares for it until {@link #stop()} is called.
   *
   * @throws LoadBalancerException if the first apply fails (later failures are reported as events
   *     and retried every interval)
   */
  public void run() {
    try {
      Endpoint vip = configured.vip();
      if (balancer.needsLocalVip() && vipAddress.ensure(vip)) {
        events.log(LogEvent.info("added the VIP " + vip.ip() + " to lo"));
      }
      balancer.apply(configured);
      active = configured.realServers();
      events.log(
          LogEvent.info(
              "caring for "
                  + vip
                  + " -> "
                  + describe(active)
                  + " with "
                  + balancer.kind()
                  + ", probing "
                  + check.scheme()
                  + "://<rs>"
                  + check.path()
                  + " every "
                  + interval.toSeconds()
                  + " s"));
      // Rounds start every interval, however long a round took (at most one probe timeout).
      long next = System.nanoTime();
      do {
        round();
        next = Math.max(next + interval.toNanos(), System.nanoTime());
      } while (!stopRequested.await(next - System.nanoTime(), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        prober.close();
        if (cleanOnStop) {
          events.log(LogEvent.info("stopping: removing the rules for " + configured.vip()));
          Lvscare.clean(balancer, vipAddress, events, configured.vip());
        } else if (stopRequested.getCount() == 0) {
          events.log(
              LogEvent.info("stopping: the rules for " + configured.vip() + " stay in place"));
        }
      } catch (LoadBalancerException e) {
        events.log(new LogEvent(LogEvent.Level.ERROR, e.getMessage()));
      } finally {
        stopped.countDown();
      }
    }
  }

  /**
   * {@link #run()} with a JVM shutdown hook: SIGTERM or SIGINT stops the loop cleanly, and the JVM
   * exits only once the rules are in their final state (kept, or removed with {@code cleanOnStop}),
   * waiting at most {@code grace} for that.
   */
  public void runUntilShutdown(Duration grace) {
    Thread hook =
        new Thread(
            () -> {
              stop();
              try {
                awaitStopped(grace);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "lvscare-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      run();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook is running and waits for us
      }
    }
  }

  /** One probe round; package-private so tests can drive rounds without waiting. */
  void round() {
    Map<Endpoint, ProbeResult> results = prober.probeAll(configured.realServers(), check);
    if (Thread.currentThread().isInterrupted()) {
      return; // interrupted probes say nothing about the servers: change nothing
    }
    List<Endpoint> healthy =
        configured.realServers().stream().filter(rs -> results.get(rs).healthy()).toList();
    List<Endpoint> before = active;
    VirtualServer wanted = configured.withRealServers(healthy);
    try {
      if (healthy.equals(before)) {
        if (!balancer.inPlace(wanted)) {
          events.log(
              LogEvent.warn(
                  "the rules for "
                      + configured.vip()
                      + " were removed or changed; restoring them"));
          if (balancer.needsLocalVip()) {
            vipAddress.ensure(configured.vip());
          }
          balancer.apply(wanted);
        }
        return;
      }
      balancer.apply(wanted);
      active = healthy;
    } catch (LoadBalancerException e) {
      events.log(
          new LogEvent(
              LogEvent.Level.ERROR,
              e.getMessage() + " (retrying in " + interval.toSeconds() + " s)"));
      return;
    }
    for (Endpoint rs : before) {
      if (!healthy.contains(rs)) {
        events.log(
            LogEvent.warn(
                "removed "
                    + rs
                    + " from "
                    + configured.vip()
                    + ": unhealthy ("
                    + results.get(rs).detail()
                    + "); now "
                    + describe(healthy)));
      }
    }
    for (Endpoint rs : healthy) {
      if (!before.contains(rs)) {
        events.log(
            LogEvent.info(
                "added "
                    + rs
                    + " back to "
                    + configured.vip()
                    + ": healthy ("
                    + results.get(rs).detail()
                    + "); now "
                    + describe(healthy)));
      }
    }
  }

  private static String describe(List<Endpoint> servers) {
    return servers.isEmpty()
        ? "no real server (connections to the VIP fail until one recovers)"
        : servers.toString();
  }

  /** The real servers in the rotation now. */
  public List<Endpoint> active() {
    return active;
  }

  /** Asks {@link #run()} to finish after the current round; returns at once. */
  public void stop() {
    stopRequested.countDown();
  }

  /**
   * Waits until {@link #run()} has finished (after {@link #stop()}), cleaning included.
   *
   * @return false if it had not finished within {@code timeout}
   */
  public boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
