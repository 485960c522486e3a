package io.sealer.api.host;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One command to run on a host: a {@code /bin/bash} script with its env, and optionally its stdin,
 * a sink for its raw stdout and a time limit. Env is applied as Sealer does (sorted {@code export
 * K="V"; } prefixes, {@code PATH} defaulted); values are never logged.
 *
 * @param script the shell text, run by {@code /bin/bash -c} (or through {@code sudo} for a non-root
 *     user)
 * @param env variables exported before the script, in key order
 * @param stdin bytes fed to the script's stdin, or null for none; read once and closed
 * @param stdout where the script's raw stdout goes, or null to capture it as text in {@link
 *     CommandResult#stdout()} (bounded)
 * @param timeout how long the command may run before it is stopped and fails, or null for the
 *     host's default
 * @param description what the command does, for messages ("start etcd"); never holds a secret
 * @param echo whether output lines are also sent as {@link io.sealer.api.event.HostOutputEvent}s
 *     (true for hooks and user commands; false for Sealer's own probes, whose output is data)
 */
public record HostCommand(
    String script,
    Map<String, String> env,
    @Nullable InputStream stdin,
    @Nullable OutputStream stdout,
    @Nullable Duration timeout,
    String description,
    boolean echo) {

  /** Copies the parts. */
  public HostCommand {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(description, "description");
    env = java.util.Collections.unmodifiableMap(new TreeMap<>(env));
  }

  /** A command with no env, stdin or time limit, described by its own text. */
  public static HostCommand of(String script) {
    return new HostCommand(script, Map.of(), null, null, null, script, true);
  }

  /** This command with the given env. */
  public HostCommand withEnv(Map<String, String> newEnv) {
    return new HostCommand(script, newEnv, stdin, stdout, timeout, description, echo);
  }

  /** This command reading the given stdin. */
  public HostCommand withStdin(InputStream newStdin) {
    return new HostCommand(script, env, newStdin, stdout, timeout, description, echo);
  }

  /** This command writing its raw stdout to the given stream instead of capturing it. */
  public HostCommand withStdout(OutputStream newStdout) {
    return new HostCommand(script, env, stdin, newStdout, timeout, description, echo);
  }

  /** This command with a time limit. */
  public HostCommand withTimeout(Duration newTimeout) {
    return new HostCommand(script, env, stdin, stdout, newTimeout, description, echo);
  }

  /** This command described for messages as {@code text}. */
  public HostCommand describedAs(String text) {
    return new HostCommand(script, env, stdin, stdout, timeout, text, echo);
  }

  /** This command with its output kept as data, not echoed as events. */
  public HostCommand quiet() {
    return new HostCommand(script, env, stdin, stdout, timeout, description, false);
  }

  @Override
  public String toString() {
    return "HostCommand[" + description + "]";
  }
}
