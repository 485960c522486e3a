package io.sealer.api.event;

import java.util.Objects;

/**
 * How far one long operation (a push, a pull, a build step) has come, summed over all of its
 * parallel parts. {@code done} never decreases within one operation, even when a part is retried.
 *
 * @param operation a stable identifier of the operation, e.g. {@code push docker.io/a/b:1}
 * @param description what is being done, for a progress bar's label
 * @param done units completed so far
 * @param total units expected in all; may grow as parts are discovered
 * @param finished whether the operation has ended (successfully or not)
 */
public record ProgressEvent(
    String operation, String description, long done, long total, boolean finished)
    implements SealerEvent {

  /** Validates the parts. */
  public ProgressEvent {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(description, "description");
    if (done < 0 || total < 0) {
      throw new IllegalArgumentException("negative progress: " + done + "/" + total);
    }
  }
}
