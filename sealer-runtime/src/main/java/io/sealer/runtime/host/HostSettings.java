package io.sealer.runtime.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link io.sealer.api.host.HostConnector}. Start from {@link #defaults(Path)} and
 * change what you need with the withers.
 *
 * @param userKnownHosts the user's OpenSSH known-hosts file, read only ({@code
 *     $HOME/.ssh/known_hosts})
 * @param toolKnownHosts Sealer's own known-hosts file, where keys seen for the first time are
 *     recorded ({@code ~/.sealer/known_hosts})
 * @param checkHostKeys false to accept any host key without checking or recording it (insecure)
 * @param connectTimeout how long one connection attempt (TCP connect plus SSH handshake) may take
 * @param connectAttempts how many times a refused or timed-out connection is tried in all
 * @param retryBackoff the wait before the second attempt; it doubles for each later one
 * @param keepAliveInterval how often a quiet connection is probed; after four unanswered probes it
 *     counts as dropped
 * @param commandTimeout the time limit of a command that sets none, {@link Duration#ZERO} for none
 * @param maxChannelsPerHost how many commands may run at once on one SSH connection (OpenSSH allows
 *     10 by default)
 */
public record HostSettings(
    Path userKnownHosts,
    Path toolKnownHosts,
    boolean checkHostKeys,
    Duration connectTimeout,
    int connectAttempts,
    Duration retryBackoff,
    Duration keepAliveInterval,
    Duration commandTimeout,
    int maxChannelsPerHost) {

  /** Validates the parts. */
  public HostSettings {
    Objects.requireNonNull(userKnownHosts, "userKnownHosts");
    Objects.requireNonNull(toolKnownHosts, "toolKnownHosts");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(keepAliveInterval, "keepAliveInterval");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    if (retryBackoff.isNegative() || commandTimeout.isNegative()) {
      throw new IllegalArgumentException("negative duration");
    }
    if (connectAttempts < 1) {
      throw new IllegalArgumentException("connectAttempts must be at least 1");
    }
    if (maxChannelsPerHost < 1) {
      throw new IllegalArgumentException("maxChannelsPerHost must be at least 1");
    }
  }

  /**
   * Safe defaults: host keys checked against {@code $HOME/.ssh/known_hosts} and {@code
   * <sealerHome>/known_hosts} (new keys recorded in the latter), 15 s connect timeout, 3 connect
   * attempts 1 s then 2 s apart, keepalive every 15 s, no command time limit, 8 commands at once
   * per host.
   *
   * @param sealerHome Sealer's per-user directory ({@code ~/.sealer})
   */
  public static HostSettings defaults(Path sealerHome) {
    return new HostSettings(
        userHome().resolve(".ssh").resolve("known_hosts"),
        sealerHome.resolve("known_hosts"),
        true,
        Duration.ofSeconds(15),
        3,
        Duration.ofSeconds(1),
        Duration.ofSeconds(15),
        Duration.ZERO,
        8);
  }

  /** The user's home: {@code $HOME}, or Java's {@code user.home} when HOME is unset. */
  static Path userHome() {
    String home = System.getenv("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
  }

  /** These settings with host-key checking on or off. */
  public HostSettings withHostKeyCheck(boolean check) {
    return new HostSettings(
        userKnownHosts,
        toolKnownHosts,
        check,
        connectTimeout,
        connectAttempts,
        retryBackoff,
        keepAliveInterval,
        commandTimeout,
        maxChannelsPerHost);
  }

  /** These settings with other known-hosts files. */
  public HostSettings withKnownHosts(Path user, Path tool) {
    return new HostSettings(
        user,
        tool,
        checkHostKeys,
        connectTimeout,
        connectAttempts,
        retryBackoff,
        keepAliveInterval,
        commandTimeout,
        maxChannelsPerHost);
  }

  /** These settings with another connect timeout and retry policy. */
  public HostSettings withConnect(Duration timeout, int attempts, Duration backoff) {
    return new HostSettings(
        userKnownHosts,
        toolKnownHosts,
        checkHostKeys,
        timeout,
        attempts,
        backoff,
        keepAliveInterval,
        commandTimeout,
        maxChannelsPerHost);
  }

  /** These settings with another default command time limit ({@link Duration#ZERO}: none). */
  public HostSettings withCommandTimeout(Duration timeout) {
    return new HostSettings(
        userKnownHosts,
        toolKnownHosts,
        checkHostKeys,
        connectTimeout,
        connectAttempts,
        retryBackoff,
        keepAliveInterval,
        timeout,
        maxChannelsPerHost);
  }

  private static void requirePositive(Duration duration, String name) {
    Objects.requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
