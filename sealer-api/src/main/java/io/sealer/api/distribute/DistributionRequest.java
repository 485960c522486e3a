package io.sealer.api.distribute;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to distribute, where, and how.
 *
 * @param rootfs the local directory holding the image's files (a mounted image)
 * @param targetDir the absolute directory on every host, {@code
 *     /var/lib/sealer/data/<cluster>/rootfs}; its record is {@code <targetDir>.manifest} and its
 *     staging directory {@code .<name>.staging} beside it
 * @param targets the hosts, each marked as a registry host or not
 * @param concurrency how many hosts are served at once (at least 1)
 * @param dryRun compute what each host would receive without changing anything on it
 * @param verify re-hash every file on the hosts instead of trusting the record for files whose size
 *     and times have not changed
 * @param digestCache a file where the digests of the local rootfs's files are kept between runs
 *     (reused while a file's size, times and inode are unchanged), e.g. beside a mount; null for
 *     none, so that every run reads every local file
 * @param sourceKey what identifies the content of {@code rootfs} (e.g. a digest of the image and
 *     what was rendered into it), or null. The caller promises that {@code rootfs} does not change
 *     while its key stays the same: with a key and a digest cache, the listing of {@code rootfs}
 *     (every entry with its digest) is kept beside the cache and used as it is by the next request
 *     with the same key and rootfs, without reading {@code rootfs} at all. A host still checks
 *     every file it receives against its digest.
 */
public record DistributionRequest(
    Path rootfs,
    String targetDir,
    List<DistributionTarget> targets,
    int concurrency,
    boolean dryRun,
    boolean verify,
    @Nullable Path digestCache,
    @Nullable String sourceKey) {

  /** The host concurrency used when none is given. */
  public static final int DEFAULT_CONCURRENCY = 20;

  /** Validates and copies the parts. */
  public DistributionRequest {
    Objects.requireNonNull(rootfs, "rootfs");
    Objects.requireNonNull(targetDir, "targetDir");
    targets = List.copyOf(targets);
    if (!targetDir.startsWith("/") || targetDir.equals("/") || targetDir.contains("\0")) {
      throw new IllegalArgumentException(
          "target directory must be absolute and not /: " + targetDir);
    }
    for (String part : targetDir.split("/")) {
      if (part.equals("..") || part.equals(".")) {
        throw new IllegalArgumentException("target directory must be normalised: " + targetDir);
      }
    }
    if (sourceKey != null && (sourceKey.isEmpty() || sourceKey.contains("\n"))) {
      throw new IllegalArgumentException("source key must be one non-empty line");
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
    }
  }

  /** A request without a source key: the rootfs is read on every request. */
  public DistributionRequest(
      Path rootfs,
      String targetDir,
      List<DistributionTarget> targets,
      int concurrency,
      boolean dryRun,
      boolean verify,
      @Nullable Path digestCache) {
    this(rootfs, targetDir, targets, concurrency, dryRun, verify, digestCache, null);
  }

  /** A request with the default concurrency, no dry run and no full verification. */
  public static DistributionRequest of(
      Path rootfs, String targetDir, List<DistributionTarget> targets) {
    return new DistributionRequest(
        rootfs, targetDir, targets, DEFAULT_CONCURRENCY, false, false, null, null);
  }

  /**
   * The conventional target directory of a cluster: {@code /var/lib/sealer/data/<cluster>/rootfs}.
   */
  public static String targetDirOf(String cluster) {
    if (cluster.isEmpty() || cluster.contains("/") || cluster.equals("..") || cluster.equals(".")) {
      throw new IllegalArgumentException("invalid cluster name: " + cluster);
    }
    return "/var/lib/sealer/data/" + cluster + "/rootfs";
  }

  /** This request with another host concurrency. */
  public DistributionRequest withConcurrency(int newConcurrency) {
    return new DistributionRequest(
        rootfs, targetDir, targets, newConcurrency, dryRun, verify, digestCache, sourceKey);
  }

  /** This request as a dry run (or not). */
  public DistributionRequest withDryRun(boolean newDryRun) {
    return new DistributionRequest(
        rootfs, targetDir, targets, concurrency, newDryRun, verify, digestCache, sourceKey);
  }

  /** This request keeping local digests in {@code file} between runs (null: not at all). */
  public DistributionRequest withDigestCache(@Nullable Path file) {
    return new DistributionRequest(
        rootfs, targetDir, targets, concurrency, dryRun, verify, file, sourceKey);
  }

  /** This request with full verification on the hosts (or not). */
  public DistributionRequest withVerify(boolean newVerify) {
    return new DistributionRequest(
        rootfs, targetDir, targets, concurrency, dryRun, newVerify, digestCache, sourceKey);
  }

  /** This request with a key for the content of its rootfs (null: none); see the class. */
  public DistributionRequest withSourceKey(@Nullable String key) {
    return new DistributionRequest(
        rootfs, targetDir, targets, concurrency, dryRun, verify, digestCache, key);
  }
}
