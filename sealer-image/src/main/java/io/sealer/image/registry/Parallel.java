package io.sealer.image.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a task for each item on at most {@code jobs} threads; the first failure cancels the rest.
 */
final class Parallel {
  private Parallel() {}

  /** One task that may fail. */
  @FunctionalInterface
  interface Task<T> {
    void run(T item) throws IOException;
  }

  static <T> void run(int jobs, List<T> items, Task<T> task) throws IOException {
    if (items.isEmpty()) {
      return;
    }
    if (jobs == 1 || items.size() == 1) {
      for (T item : items) {
        task.run(item);
      }
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(jobs, items.size()),
            r -> {
              Thread t = new Thread(r, "sealer-registry");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(
            pool.submit(
                () -> {
                  task.run(item);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof IOException io) {
            throw io;
          }
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IOException(cause);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } finally {
      pool.shutdownNow();
    }
  }
}
