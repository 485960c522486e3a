package io.sealer.ipvs;

import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * lvscare for one machine: puts a {@link VirtualServer} in its kernel once ({@link #apply}, what
 * {@code --run-once} does), keeps it healthy ({@link #care}), or removes it ({@link #clean}).
 *
 * <pre>{@code
 * Lvscare lvscare = Lvscare.builder().events(listener).build(); // IPVS if the kernel has it
 * VirtualServer vs = VirtualServer.parse("10.103.97.2:6443",
 *     List.of("192.168.0.2:6443", "192.168.0.3:6443"));
 * lvscare.apply(vs);                                   // one-shot, e.g. on a worker before join
 * CareLoop loop = lvscare.care(vs, HealthCheck.defaults(), Duration.ofSeconds(5), false);
 * loop.run();                                          // until loop.stop()
 * }</pre>
 *
 * <p>Rules and the VIP go where the {@link CommandRunner} runs; health probes go out from this JVM,
 * so a care loop belongs on the machine (or in the network namespace) whose rules it keeps.
 */
public final class Lvscare {
  private final CommandRunner runner;
  private final EventListener events;
  private final LoadBalancer balancer;
  private final VipAddress vipAddress;

  private Lvscare(CommandRunner runner, EventListener events, LoadBalancer balancer) {
    this.runner = runner;
    this.events = events;
    this.balancer = balancer;
    this.vipAddress = new VipAddress(runner);
  }

  /** Starts configuring an instance. */
  public static Builder builder() {
    return new Builder();
  }

  /** The backend in use. */
  public LoadBalancer loadBalancer() {
    return balancer;
  }

  /** Where the rules are applied ("local", a prefix, a host address). */
  public String where() {
    return runner.where();
  }

  /**
   * Puts the virtual server, with all its real servers, in the kernel (and the VIP on the host's
   * {@code lo} if the backend {@linkplain LoadBalancer#needsLocalVip() needs it}); a previous state
   * of the same VIP and port is replaced.
   *
   * @throws LoadBalancerException if the host or the kernel refuses
   */
  public void apply(VirtualServer vs) {
    if (balancer.needsLocalVip() && vipAddress.ensure(vs.vip())) {
      events.log(LogEvent.info("added the VIP " + vs.vip().ip() + " to lo"));
    }
    balancer.apply(vs);
    events.log(
        LogEvent.info(
            "applied " + vs.vip() + " -> " + vs.realServers() + " with " + balancer.kind()));
  }

  /**
   * Removes the virtual server of {@code vip}, and the VIP from the host's {@code lo} (if the
   * backend put it there) unless another virtual server (another port) still uses it. Nothing
   * happens for what is absent.
   *
   * @throws LoadBalancerException if the host or the kernel refuses
   */
  public void clean(Endpoint vip) {
    clean(balancer, vipAddress, events, vip);
  }

  static void clean(
      LoadBalancer balancer, VipAddress vipAddress, EventListener events, Endpoint vip) {
    balancer.remove(vip);
    events.log(LogEvent.info("removed the " + balancer.kind() + " rules for " + vip));
    if (!balancer.needsLocalVip()) {
      return;
    }
    if (balancer.otherServicesOn(vip)) {
      events.log(LogEvent.info("kept the VIP " + vip.ip() + ": another port still uses it"));
    } else if (vipAddress.remove(vip)) {
      events.log(LogEvent.info("removed the VIP " + vip.ip() + " from lo"));
    }
  }

  /**
   * A care loop for {@code vs}; call {@link CareLoop#run()} to start it. Each probe takes at most
   * the shorter of the check's timeout and the interval, so a failed server leaves the rotation
   * within two intervals.
   *
   * @param interval the time between probe rounds, at least one second
   * @param cleanOnStop remove the rules and the VIP when the loop stops
   */
  public CareLoop care(
      VirtualServer vs, HealthCheck check, Duration interval, boolean cleanOnStop) {
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("interval must be at least 1 s: " + interval);
    }
    if (vs.realServers().isEmpty()) {
      throw new IllegalArgumentException("a care loop needs at least one real server");
    }
    HealthCheck bounded =
        check.timeout().compareTo(interval) > 0 ? check.withTimeout(interval) : check;
    return new CareLoop(
        balancer, vipAddress, new HealthProber(), events, vs, bounded, interval, cleanOnStop);
  }

  /** Configures a {@link Lvscare}. */
  public static final class Builder {
    private CommandRunner runner = CommandRunner.local();
    private EventListener events = EventListener.NONE;
    private @Nullable BackendKind backend;

    private Builder() {}

    /** Where the rules go; by default this machine. */
    public Builder runner(CommandRunner runner) {
      this.runner = Objects.requireNonNull(runner, "runner");
      return this;
    }

    /** Receives what happens; by default it is dropped. */
    public Builder events(EventListener events) {
      this.events = Objects.requireNonNull(events, "events");
      return this;
    }

    /** The backend; by default IPVS if the kernel has it, else nftables. */
    public Builder backend(@Nullable BackendKind backend) {
      this.backend = backend;
      return this;
    }

    /** Creates the instance, detecting the backend if none was chosen (and saying which). */
    public Lvscare build() {
      BackendKind kind = backend;
      if (kind == null) {
        kind = BackendKind.detect(runner);
        events.log(
            LogEvent.info(
                kind == BackendKind.IPVS
                    ? "using the ipvs backend (the kernel has IPVS)"
                    : "using the nftables backend (the kernel has no IPVS: "
                        + BackendKind.PROC_IP_VS
                        + " is missing)"));
      } else {
        events.log(LogEvent.debug("using the " + kind + " backend (chosen)"));
      }
      LoadBalancer balancer =
          kind == BackendKind.IPVS ? new IpvsBackend(runner) : new NftablesBackend(runner);
      return new Lvscare(runner, events, balancer);
    }
  }
}
