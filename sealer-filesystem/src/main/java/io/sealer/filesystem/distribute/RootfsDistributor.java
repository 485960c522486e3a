package io.sealer.filesystem.distribute;

import io.sealer.api.distribute.DistributionReport;
import io.sealer.api.distribute.DistributionRequest;
import io.sealer.api.distribute.DistributionTarget;
import io.sealer.api.distribute.Distributor;
import io.sealer.api.distribute.HostDistribution;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.event.ProgressTracker;
import io.sealer.api.host.HostException;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Distributor}: reads the local tree once, then brings up to {@code concurrency} hosts
 * up to date at a time, each on its own, and collects every host's outcome.
 */
final class RootfsDistributor implements Distributor {
  private final EventListener events;

  @Inject
  RootfsDistributor(EventListener events) {
    this.events = events;
  }

  @Override
  public DistributionReport distribute(DistributionRequest request) {
    List<DistributionTarget> targets = request.targets();
    int hashThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    LocalTree tree = localTree(request, hashThreads);
    ProgressTracker overall =
        new ProgressTracker(
            events,
            "distribute " + request.targetDir(),
            (request.dryRun() ? "plan rootfs for " : "rootfs to ") + targets.size() + " hosts");
    int threads = Math.max(1, Math.min(request.concurrency(), targets.size()));
    ExecutorService hosts = Executors.newFixedThreadPool(threads, named("sealer-distribute"));
    ExecutorService producers = Executors.newCachedThreadPool(named("sealer-distribute-stream"));
    try {
      List<Future<HostDistribution>> futures = new ArrayList<>();
      for (DistributionTarget target : targets) {
        HostSync sync = new HostSync(target, tree, request, overall, events, producers);
        futures.add(hosts.submit(sync::run));
      }
      List<HostDistribution> outcomes = new ArrayList<>();
      for (int i = 0; i < futures.size(); i++) {
        outcomes.add(await(futures.get(i), targets.get(i).host().address()));
      }
      for (HostDistribution outcome : outcomes) {
        events.log(summary(outcome));
      }
      return new DistributionReport(outcomes);
    } finally {
      overall.finish();
      hosts.shutdownNow();
      producers.shutdownNow();
    }
  }

  /**
   * The rootfs's entries: from the listing kept for the request's source key when there is one,
   * else read (with the digest cache), and then kept for that key.
   */
  private LocalTree localTree(DistributionRequest request, int hashThreads) {
    String key = request.sourceKey();
    Path listing =
        key == null || request.digestCache() == null
            ? null
            : TreeSnapshot.fileFor(request.digestCache());
    if (listing != null) {
      Optional<LocalTree> kept = TreeSnapshot.read(listing, request.rootfs(), key);
      if (kept.isPresent()) {
        return kept.get();
      }
    }
    DigestCache cache = DigestCache.open(request.digestCache());
    LocalTree tree = LocalTree.scan(request.rootfs(), hashThreads, events, cache);
    cache.save(events);
    if (listing != null) {
      TreeSnapshot.write(listing, tree, key, events);
    }
    return tree;
  }

  private static HostDistribution await(Future<HostDistribution> future, String address) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return HostDistribution.failed(
          address,
          0,
          new HostException(
              address, HostException.Kind.OTHER, "could not distribute rootfs: " + cause, cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return HostDistribution.failed(
          address,
          0,
          new HostException(address, HostException.Kind.OTHER, "distribution interrupted", e));
    }
  }

  private static LogEvent summary(HostDistribution h) {
    if (!h.succeeded()) {
      return new LogEvent(LogEvent.Level.ERROR, String.valueOf(h.failure().getMessage()));
    }
    return LogEvent.info(
        h.host()
            + (h.dryRun() ? ": would receive " : ": received ")
            + h.filesSent()
            + " files ("
            + (h.dryRun() ? h.bytesPlanned() : h.bytesSent())
            + " bytes), removed "
            + h.filesRemoved()
            + ", kept "
            + h.filesKept());
  }

  private static ThreadFactory named(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
