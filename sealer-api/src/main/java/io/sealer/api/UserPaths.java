package io.sealer.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a user's own files live, worked out once from the environment the way Go tools (Sealer,
 * skopeo, docker) do: the home directory is {@code $HOME}; Java's {@code user.home}, which comes
 * from the password database, is used only when {@code HOME} is unset or empty. So {@code
 * HOME=/tmp/h sealer login ...} writes {@code /tmp/h/.sealer/auth.json}, as CI jobs, containers and
 * {@code sudo -E} expect.
 *
 * <ul>
 *   <li>{@link #sealerHome()}: {@code ~/.sealer}, holding {@code auth.json}, {@code certs.d/} and
 *       one directory per cluster (see {@link SealerSettings});
 *   <li>{@link #dockerConfig()}: {@code $DOCKER_CONFIG/config.json}, else {@code
 *       ~/.docker/config.json};
 *   <li>{@link #dataHome()}: {@code $XDG_DATA_HOME}, else {@code ~/.local/share}.
 * </ul>
 */
public final class UserPaths {
  private final Path home;
  private final @Nullable String dockerConfigDir;
  private final @Nullable String xdgDataHome;

  private UserPaths(Path home, @Nullable String dockerConfigDir, @Nullable String xdgDataHome) {
    this.home = home;
    this.dockerConfigDir = dockerConfigDir;
    this.xdgDataHome = xdgDataHome;
  }

  /** The paths of the user this process runs for, from its environment. */
  public static UserPaths fromEnvironment() {
    return of(System.getenv());
  }

  /** The paths for an environment, with Java's {@code user.home} when it has no {@code HOME}. */
  public static UserPaths of(Map<String, String> env) {
    return of(env, System.getProperty("user.home", "/"));
  }

  /**
   * The paths for an environment ({@code HOME}, {@code DOCKER_CONFIG}, {@code XDG_DATA_HOME}).
   *
   * @param env the environment variables
   * @param fallbackHome the home directory to use when {@code HOME} is unset or empty (normally
   *     Java's {@code user.home})
   */
  public static UserPaths of(Map<String, String> env, String fallbackHome) {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(fallbackHome, "fallbackHome");
    String home = env.get("HOME");
    return new UserPaths(
        Path.of(isSet(home) ? home : fallbackHome).toAbsolutePath().normalize(),
        isSet(env.get("DOCKER_CONFIG")) ? env.get("DOCKER_CONFIG") : null,
        isSet(env.get("XDG_DATA_HOME")) ? env.get("XDG_DATA_HOME") : null);
  }

  private static boolean isSet(@Nullable String value) {
    return value != null && !value.isBlank();
  }

  /** The user's home directory ({@code ~}). */
  public Path home() {
    return home;
  }

  /** Sealer's per-user directory, {@code ~/.sealer}. */
  public Path sealerHome() {
    return home.resolve(".sealer");
  }

  /** Docker's client config: {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/...}. */
  public Path dockerConfig() {
    return dockerConfigDir != null
        ? Path.of(dockerConfigDir, "config.json")
        : home.resolve(".docker").resolve("config.json");
  }

  /** The base of per-user data: {@code $XDG_DATA_HOME}, else {@code ~/.local/share}. */
  public Path dataHome() {
    return xdgDataHome != null ? Path.of(xdgDataHome) : home.resolve(".local").resolve("share");
  }

  @Override
  public String toString() {
    return "UserPaths[home=" + home + "]";
  }
}
