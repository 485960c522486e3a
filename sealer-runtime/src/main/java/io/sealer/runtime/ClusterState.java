package io.sealer.runtime;

import io.sealer.api.SealerException;
import io.sealer.filesystem.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What this machine remembers of one cluster, under {@code ~/.sealer/<cluster>/}: the Clusterfile
 * as last applied (mode 0600, since it can hold passwords), the journal of finished steps and the
 * lock file. Written before the first step and after every step, so a failed or interrupted run can
 * be resumed or deleted.
 */
final class ClusterState {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");

  private final String cluster;
  private final Path dir;

  ClusterState(Path sealerHome, String cluster) {
    if (!NAME.matcher(cluster).matches()) {
      throw new SealerException(
          "invalid cluster name '"
              + cluster
              + "': use lower-case letters, digits, '-' and '.', starting and ending with a"
              + " letter or digit");
    }
    this.cluster = cluster;
    this.dir = sealerHome.resolve(cluster);
  }

  /** The cluster's name. */
  String cluster() {
    return cluster;
  }

  /** The state directory. */
  Path dir() {
    return dir;
  }

  /** Whether anything is recorded for this cluster. */
  boolean exists() {
    return Files.isRegularFile(clusterfile(), LinkOption.NOFOLLOW_LINKS);
  }

  /** Takes the cluster's lock, failing at once if another process holds it. */
  ClusterLock lock() {
    createDir();
    return ClusterLock.acquire(dir.resolve("lock"), cluster);
  }

  /** The recorded Clusterfile text, if any. */
  Optional<String> readClusterfile() {
    try {
      return exists()
          ? Optional.of(Files.readString(clusterfile(), StandardCharsets.UTF_8))
          : Optional.empty();
    } catch (IOException e) {
      throw new SealerException(
          "could not read the state of cluster " + cluster + " in " + clusterfile() + ": " + e, e);
    }
  }

  /** Records the Clusterfile atomically with mode 0600. */
  void writeClusterfile(String text) {
    write(clusterfile(), text);
  }

  /**
   * The runtime recorded by the first step of a run ({@code <runtime type> <container runtime>},
   * e.g. {@code kubernetes containerd}), so that deleting a cluster uses its image's runtime even
   * when the image is gone from this machine or the install failed half way.
   */
  Optional<String> readRuntime() {
    Path f = dir.resolve("runtime");
    try {
      return Files.isRegularFile(f)
          ? Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    } catch (IOException e) {
      throw new SealerException("could not read " + f + ": " + e, e);
    }
  }

  /**
   * Records that a run has begun to change the hosts (the first distribution), so that the record
   * of a run that failed before that (an image or host mistyped) can be replaced by the next run.
   */
  void markHostsTouched() {
    if (!hostsTouched()) {
      write(dir.resolve("hosts-touched"), "");
    }
  }

  /** Whether a run of this cluster has begun to change its hosts. */
  boolean hostsTouched() {
    return Files.exists(dir.resolve("hosts-touched"), LinkOption.NOFOLLOW_LINKS);
  }

  /** Records the runtime (see {@link #readRuntime()}) atomically. */
  void writeRuntime(String text) {
    if (!readRuntime().orElse("").equals(text)) {
      write(dir.resolve("runtime"), text + "\n");
    }
  }

  private void write(Path target, String text) {
    createDir();
    try {
      Path tmp = Files.createTempFile(dir, ".tmp-", "-" + target.getFileName());
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (var ch =
            java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        AtomicFiles.move(tmp, target);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new SealerException(
          "could not save the state of cluster " + cluster + " in " + target + ": " + e, e);
    }
  }

  /** The journal of finished steps. */
  Journal journal() {
    createDir();
    return new Journal(dir.resolve("journal"));
  }

  /** Removes everything recorded for the cluster (the caller holds the lock). */
  void deleteAll() {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        boolean keep = p.equals(dir) || p.equals(dir.resolve("lock"));
        if (!keep) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes the lock file and directory once the lock is released after {@link #deleteAll}. */
  void removeDirectory() {
    try {
      Files.deleteIfExists(dir.resolve("lock"));
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // left for the next run: an empty directory holds nothing
    }
  }

  private Path clusterfile() {
    return dir.resolve("Clusterfile");
  }

  private void createDir() {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new SealerException("could not create " + dir + ": " + e, e);
    }
  }
}
