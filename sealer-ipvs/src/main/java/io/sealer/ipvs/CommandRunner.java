package io.sealer.ipvs;

import io.sealer.api.host.CommandResult;
import io.sealer.api.host.RemoteHost;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Runs the system tools a backend drives ({@code nft}, {@code ipvsadm}, {@code ip}) where the load
 * balancer lives: on this machine, inside a network namespace through a prefix such as {@code ip
 * netns exec NAME}, or on a {@link RemoteHost}. A non-zero exit is returned, not thrown.
 */
public interface CommandRunner {
  /** How long one tool may run before it is stopped and counts as failed. */
  Duration TIMEOUT = Duration.ofSeconds(20);

  /**
   * Runs one command and waits for it.
   *
   * @param argv the program and its arguments, never passed through a shell here
   * @param stdin text fed to its standard input, or null for none
   * @return how it ended; a program that cannot be started ends with status 127, one that runs past
   *     {@link #TIMEOUT} with status 124
   */
  CommandResult run(List<String> argv, @Nullable String stdin);

  /** Where the commands run, for messages ("local", a host's address). */
  String where();

  /** Runs commands as child processes of this JVM. */
  static CommandRunner local() {
    return new ProcessCommandRunner(List.of(), TIMEOUT);
  }

  /**
   * Runs commands as child processes of this JVM behind a prefix, e.g. {@code ip netns exec
   * lvt-client}, which then holds the rules and the VIP.
   */
  static CommandRunner local(List<String> prefix) {
    return new ProcessCommandRunner(prefix, TIMEOUT);
  }

  /** Runs commands on a host through its connection (each argument shell-quoted). */
  static CommandRunner on(RemoteHost host) {
    return new RemoteHostCommandRunner(host, TIMEOUT);
  }
}
