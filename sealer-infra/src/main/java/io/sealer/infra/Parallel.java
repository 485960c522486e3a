package io.sealer.infra;

import io.sealer.api.SealerException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one piece of work on every host at once (at most 8 threads), the way up and down need. */
final class Parallel {
  private Parallel() {}

  /** Work that may throw unchecked exceptions, applied to each host. */
  interface HostWork<R> {
    R apply(LocalHost host);
  }

  /** Applies {@code work} to every host at once; the first failure is thrown after all finish. */
  static <R> List<R> forEach(List<LocalHost> hosts, HostWork<R> work) {
    if (hosts.size() <= 1) {
      return hosts.stream().map(work::apply).toList();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(hosts.size(), 8));
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (LocalHost host : hosts) {
        futures.add(pool.submit(() -> work.apply(host)));
      }
      List<R> results = new ArrayList<>();
      RuntimeException failure = null;
      for (Future<R> future : futures) {
        try {
          results.add(future.get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          RuntimeException wrapped =
              cause instanceof UncheckedIOException io
                  ? new SealerException(
                      "could not make local hosts: " + io.getCause().getMessage(), io)
                  : cause instanceof RuntimeException r
                      ? r
                      : new SealerException(cause.toString(), cause);
          if (failure == null) {
            failure = wrapped;
          } else {
            failure.addSuppressed(wrapped);
          }
          results.add(null);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SealerException("could not make local hosts: interrupted", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
