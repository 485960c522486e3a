package io.sealer.runtime;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing a plan does: in a phase, on a host (or once for the cluster), an action whose inputs
 * are summed up by a digest. The key ({@code <host>/<phase>/<action>@<digest>}) is what the journal
 * records, so a re-run skips a step only when the same inputs were applied before.
 *
 * @param phase the phase, e.g. {@code post-init-host}; phases run in the order they first appear
 * @param host the host's address, or null for a step of the whole cluster
 * @param action what is done, for messages and {@code --dry-run}
 * @param inputs a digest of everything the step depends on; empty for steps never journaled
 * @param body the work
 */
record Step(String phase, @Nullable String host, String action, String inputs, Body body) {

  /** The work of a step. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  Step {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(body, "body");
  }

  /** A step that runs every time (checks, distribution that checks the hosts itself). */
  static Step always(String phase, @Nullable String host, String action, Body body) {
    return new Step(phase, host, action, "", body);
  }

  /** Whether the journal records this step. */
  boolean journaled() {
    return !inputs.isEmpty();
  }

  /** The journal key. */
  String key() {
    return (host == null ? "cluster" : host)
        + "/"
        + phase
        + "/"
        + action.replace(' ', '_')
        + "@"
        + inputs;
  }

  /** Where the step runs, for messages. */
  String where() {
    return host == null ? "cluster" : host;
  }
}
