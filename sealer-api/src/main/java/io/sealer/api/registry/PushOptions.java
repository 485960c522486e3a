package io.sealer.api.registry;

/**
 * How to push.
 *
 * @param allPlatforms push every platform of a manifest list (otherwise only those stored locally
 *     are required; missing ones fail the push either way)
 * @param skipTlsVerify allow plain HTTP and unverified TLS for this registry
 * @param jobs how many blobs to upload at once (at least 1)
 */
public record PushOptions(boolean allPlatforms, boolean skipTlsVerify, int jobs) {

  /** The default number of parallel blob uploads. */
  public static final int DEFAULT_JOBS = 6;

  /** Validates the parts. */
  public PushOptions {
    if (jobs < 1) {
      throw new IllegalArgumentException("jobs must be at least 1, not " + jobs);
    }
  }

  /** A copy that pushes every platform of a manifest list. */
  public PushOptions withAll() {
    return new PushOptions(true, skipTlsVerify, jobs);
  }

  /** Defaults: verified TLS, {@value #DEFAULT_JOBS} jobs. */
  public static PushOptions defaults() {
    return new PushOptions(false, false, DEFAULT_JOBS);
  }
}
