package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import io.sealer.api.registry.PushOptions;

/** Options of the commands that move layers between the store and a registry: push and pull. */
final class TransferOptions {
  @Parameter(
      names = "--skip-tls-verify",
      description = "Allow plain HTTP and unverified TLS for this registry")
  boolean skipTlsVerify;

  @Parameter(names = "--jobs", description = "How many layers to transfer at once")
  int jobs = PushOptions.DEFAULT_JOBS;

  /** {@code --jobs}, checked. */
  int jobs() {
    if (jobs < 1) {
      throw new ParameterException("--jobs must be at least 1");
    }
    return jobs;
  }
}
