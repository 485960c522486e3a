package io.sealer.api.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an operation did, or with {@code --dry-run} would do.
 *
 * @param cluster the cluster's name
 * @param hosts the roles of each host the operation works on, in order
 * @param steps every step of the plan, in order
 */
public record RunResult(String cluster, Map<String, List<String>> hosts, List<PlannedStep> steps) {

  /** Copies the parts. */
  public RunResult {
    hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
    steps = List.copyOf(steps);
  }

  /**
   * One step of a plan.
   *
   * @param phase the phase, e.g. {@code distribute} or {@code post-init-host}
   * @param host the host's address, or null for the cluster
   * @param action what the step does, e.g. {@code hook etcd-start}
   * @param done whether it had finished in an earlier run (and so was or would be skipped)
   * @param bytes for a distribution step, the bytes the host receives (or would); else -1
   */
  public record PlannedStep(
      String phase, @Nullable String host, String action, boolean done, long bytes) {}
}
