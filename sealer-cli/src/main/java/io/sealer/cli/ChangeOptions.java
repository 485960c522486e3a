package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import io.sealer.api.runtime.RunOptions;

/** Options of the commands that change hosts. */
final class ChangeOptions {
  @Parameter(
      names = "--dry-run",
      description =
          "Show the hosts, steps, hooks and bytes each host would receive; change nothing")
  boolean dryRun;

  @Parameter(names = "--host-concurrency", description = "How many hosts to work on at once")
  int hostConcurrency = 20;

  RunOptions options() {
    return options(false);
  }

  RunOptions options(boolean force) {
    if (hostConcurrency < 1) {
      throw new ParameterException("--host-concurrency must be at least 1");
    }
    return new RunOptions(dryRun, hostConcurrency, force);
  }
}
