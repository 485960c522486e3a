package io.sealer.ipvs;

import io.sealer.api.SealerException;
import io.sealer.api.host.CommandResult;

/**
 * The kernel refused or could not show load-balancing rules, or the VIP could not be put on (or
 * taken off) the host. The message names the VIP, the backend, where it ran and the tool's error.
 */
public class LoadBalancerException extends SealerException {
  private static final long serialVersionUID = 1L;

  /** A failure with a complete message. */
  public LoadBalancerException(String message) {
    super(message);
  }

  /** "could not {@code action}: {@code tool} exited N: its error lines" for a failed command. */
  static LoadBalancerException of(String action, CommandResult result) {
    String text = result.stderr().isBlank() ? result.stdout() : result.stderr();
    String reason = String.join("; ", text.strip().lines().map(String::strip).toList());
    return new LoadBalancerException(
        "could not "
            + action
            + " on "
            + result.host()
            + ": "
            + result.description().lines().findFirst().orElse("")
            + " exited "
            + result.exitCode()
            + (reason.isEmpty() ? "" : ": " + reason));
  }
}
