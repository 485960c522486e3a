package io.sealer.image.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs a task for each item on at most {@code jobs} threads; the first failure, from whichever
 * task, is thrown as soon as it happens and the other tasks are interrupted (the HTTP transport
 * ends a transfer on an interrupt) and those not started never run.
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
      // completions are taken in the order they happen, so the first failure is seen at once,
      // whatever task it came from, and the others are interrupted by the shutdownNow below
      CompletionService<Void> done = new ExecutorCompletionService<>(pool);
      for (T item : items) {
        done.submit(
            () -> {
              task.run(item);
              return null;
            });
      }
      for (int i = 0; i < items.size(); i++) {
        try {
          done.take().get();
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
