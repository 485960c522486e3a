package io.sealer.filesystem.distribute;

import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.RemoteHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Runs one step of the host-side script ({@code host-sync.sh}) on a host. The script's inputs go
 * into a prelude of single-quoted assignments, so they never depend on how a host quotes env
 * values; bulk input goes through stdin and output comes back raw through stdout.
 */
final class HostScript {
  private static final String SCRIPT = load();

  private final RemoteHost host;
  private final String targetDir;
  private final boolean dryRun;

  HostScript(RemoteHost host, String targetDir, boolean dryRun) {
    this.host = host;
    this.targetDir = targetDir;
    this.dryRun = dryRun;
  }

  /**
   * Reports the record, staged files and actual entries; or only that nothing changed, if the
   * host's seal says its record was written for {@code expect} and the target has not moved since.
   *
   * @param expect the {@link Seal} of the entries the host must hold, or "" to skip that check
   */
  byte[] probe(String expect) {
    return run("probe", null, "inspect " + targetDir, "EXPECT", expect);
  }

  /** Hashes the given NUL-separated paths on the host. */
  byte[] hash(byte[] paths) {
    return run("hash", new ByteArrayInputStream(paths), "hash files in " + targetDir);
  }

  /** Unpacks, verifies and places the stream; returns the target's entries afterwards. */
  byte[] apply(InputStream stream) {
    return run("apply", stream, "receive files into " + targetDir);
  }

  /**
   * Writes the record atomically, drops the staging directory, and seals the record for {@code
   * seal} (the {@link Seal} of the entries it describes; "" for none).
   */
  void commit(byte[] record, String seal) {
    run(
        "commit",
        new ByteArrayInputStream(record),
        "write the record of " + targetDir,
        "SEAL",
        seal);
  }

  private byte[] run(String op, InputStream stdin, String description, String... vars) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String script =
        "OP="
            + quote(op)
            + "\nTARGET="
            + quote(targetDir)
            + "\nDRY="
            + (dryRun ? "1" : "0")
            + "\n"
            + assignments(vars)
            + SCRIPT;
    HostCommand command =
        new HostCommand(script, java.util.Map.of(), stdin, out, null, description, false);
    CommandResult result = host.exec(command);
    result.orThrow();
    return out.toByteArray();
  }

  private static String assignments(String... vars) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i + 1 < vars.length; i += 2) {
      out.append(vars[i]).append('=').append(quote(vars[i + 1])).append('\n');
    }
    return out.toString();
  }

  /** Quotes a value for bash: single quotes, with each embedded quote closed and escaped. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static String load() {
    try (InputStream in = HostScript.class.getResourceAsStream("host-sync.sh")) {
      if (in == null) {
        throw new IllegalStateException("host-sync.sh missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
