package io.sealer.api.runtime;

/**
 * How a cluster operation runs.
 *
 * @param dryRun plan only: report the steps, hooks and bytes per host, change nothing anywhere
 * @param hostConcurrency how many hosts are worked on at once (at least 1)
 * @param force skip confirmations (the CLI asks before deleting)
 */
public record RunOptions(boolean dryRun, int hostConcurrency, boolean force) {

  /** The defaults: change hosts, 20 at a time. */
  public static final RunOptions DEFAULT = new RunOptions(false, 20, false);

  /** Validates the parts. */
  public RunOptions {
    if (hostConcurrency < 1) {
      throw new IllegalArgumentException("host concurrency must be at least 1: " + hostConcurrency);
    }
  }

  /** These options with {@code dryRun} set. */
  public RunOptions withDryRun(boolean value) {
    return new RunOptions(value, hostConcurrency, force);
  }
}
