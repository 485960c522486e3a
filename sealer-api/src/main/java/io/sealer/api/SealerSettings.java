package io.sealer.api;

import io.sealer.api.event.EventListener;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every service of one Sealer instance shares: where local data lives and who receives its
 * events.
 *
 * @param root the directory holding the image store and all other local data
 * @param home the directory for per-user state (Sealer's {@code ~/.sealer}, by default from {@link
 *     UserPaths#sealerHome()}): {@link #authFile()}, {@link #certsDir()} and {@link
 *     #clusterDir(String)} are under it
 * @param events the listener for log and progress events
 */
public record SealerSettings(Path root, Path home, EventListener events) {

  /** Validates the parts. */
  public SealerSettings {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(events, "events");
    root = root.toAbsolutePath().normalize();
    home = home.toAbsolutePath().normalize();
  }

  /** Saved registry credentials, {@code <home>/auth.json}. */
  public Path authFile() {
    return home.resolve("auth.json");
  }

  /** The user's registry CAs, {@code <home>/certs.d/<host:port>/ca.crt}. */
  public Path certsDir() {
    return home.resolve("certs.d");
  }

  /** The state of one cluster, {@code <home>/<cluster>/}. */
  public Path clusterDir(String cluster) {
    Objects.requireNonNull(cluster, "cluster");
    Path dir = home.resolve(cluster).normalize();
    if (cluster.isBlank() || !dir.getParent().equals(home)) {
      throw new IllegalArgumentException("not a cluster name: " + cluster);
    }
    return dir;
  }
}
