package io.sealer.runtime;

import io.sealer.api.SealerException;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.host.HostException;
import io.sealer.api.runtime.ClusterRunException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Applies a plan phase by phase. Within a phase, each host's steps run in order and hosts run in
 * parallel (bounded); every host finishes what it can, then all failures of the phase are reported
 * together and later phases do not start. Journaled steps already done are skipped.
 */
final class PlanRunner {
  private final Journal journal;
  private final int concurrency;
  private final EventListener events;

  PlanRunner(Journal journal, int concurrency, EventListener events) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
    this.journal = journal;
    this.concurrency = concurrency;
    this.events = events;
  }

  /** Runs every step, or throws a {@link ClusterRunException} for the first phase that failed. */
  void apply(List<Step> plan) {
    for (Map.Entry<String, Map<String, List<Step>>> phase : byPhaseAndHost(plan).entrySet()) {
      runPhase(phase.getKey(), phase.getValue());
    }
  }

  /** Steps grouped by phase (in order of first appearance), then by where they run. */
  static Map<String, Map<String, List<Step>>> byPhaseAndHost(List<Step> plan) {
    Map<String, Map<String, List<Step>>> phases = new LinkedHashMap<>();
    for (Step step : plan) {
      phases
          .computeIfAbsent(step.phase(), p -> new LinkedHashMap<>())
          .computeIfAbsent(step.where(), h -> new ArrayList<>())
          .add(step);
    }
    return phases;
  }

  private void runPhase(String phase, Map<String, List<Step>> hosts) {
    long pending =
        hosts.values().stream()
            .flatMap(List::stream)
            .filter(s -> !s.journaled() || !journal.isDone(s.key()))
            .count();
    if (pending == 0) {
      events.log(LogEvent.debug(phase + ": done before, skipped"));
      return;
    }
    events.log(LogEvent.info("[" + phase + "] " + describe(hosts)));
    Map<String, String> failures = new LinkedHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, hosts.size()));
    try {
      Map<String, Future<?>> running = new LinkedHashMap<>();
      hosts.forEach((where, steps) -> running.put(where, pool.submit(() -> runHost(steps))));
      for (Map.Entry<String, Future<?>> f : running.entrySet()) {
        try {
          f.getValue().get();
        } catch (ExecutionException e) {
          failures.put(f.getKey(), reason(f.getKey(), e.getCause()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running.values().forEach(r -> r.cancel(true));
          throw new SealerException("interrupted during " + phase);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (!failures.isEmpty()) {
      throw new ClusterRunException(phase, hosts.size(), failures);
    }
  }

  private Void runHost(List<Step> steps) throws Exception {
    for (Step step : steps) {
      if (step.journaled() && journal.isDone(step.key())) {
        events.log(LogEvent.debug(step.where() + ": " + step.action() + ": done before"));
        continue;
      }
      events.log(LogEvent.debug(step.where() + ": " + step.action()));
      step.body().run();
      if (step.journaled()) {
        journal.markDone(step.key(), step.action());
      }
    }
    return null;
  }

  private static String describe(Map<String, List<Step>> hosts) {
    List<String> wheres = new ArrayList<>(hosts.keySet());
    return wheres.size() == 1 ? "on " + wheres.get(0) : "on " + wheres.size() + " hosts";
  }

  private static String reason(String where, Throwable t) {
    String message = t.getMessage() == null ? t.toString() : t.getMessage();
    if (t instanceof HostException && message.startsWith(where + ": ")) {
      message = message.substring(where.length() + 2);
    }
    return t instanceof SealerException ? message : t.getClass().getSimpleName() + ": " + message;
  }
}
