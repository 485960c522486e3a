package io.sealer.api;

import io.sealer.api.event.EventListener;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What every service of one Sealer instance shares: where local data lives and who receives its
 * events.
 *
 * @param root the directory holding the image store and all other local data
 * @param home the directory for per-user state such as {@code auth.json} (Sealer's {@code
 *     ~/.sealer})
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
}
