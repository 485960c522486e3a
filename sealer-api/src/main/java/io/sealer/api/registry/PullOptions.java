package io.sealer.api.registry;

import io.sealer.api.Platform;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to pull.
 *
 * @param platform the platform to pick from a manifest list; {@code null} keeps the whole list and
 *     pulls every platform in it
 * @param policy when to ask the registry
 * @param skipTlsVerify allow plain HTTP and unverified TLS for this registry
 * @param jobs how many blobs to download at once (at least 1)
 */
public record PullOptions(
    @Nullable Platform platform, PullPolicy policy, boolean skipTlsVerify, int jobs) {

  /** Validates the parts. */
  public PullOptions {
    Objects.requireNonNull(policy, "policy");
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
    }
  }

  /** Defaults: the host's platform, policy {@code always}, verified TLS, 6 jobs. */
  public static PullOptions defaults() {
    return new PullOptions(Platform.host(), PullPolicy.ALWAYS, false, PushOptions.DEFAULT_JOBS);
  }

  /** A copy with another platform ({@code null}: all platforms). */
  public PullOptions withPlatform(@Nullable Platform newPlatform) {
    return new PullOptions(newPlatform, policy, skipTlsVerify, jobs);
  }

  /** A copy with another policy. */
  public PullOptions withPolicy(PullPolicy newPolicy) {
    return new PullOptions(platform, newPolicy, skipTlsVerify, jobs);
  }

  /** A copy that allows plain HTTP and unverified TLS or not. */
  public PullOptions withSkipTlsVerify(boolean skip) {
    return new PullOptions(platform, policy, skip, jobs);
  }
}
