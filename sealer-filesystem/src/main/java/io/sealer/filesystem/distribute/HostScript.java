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

  /** Reports the record, staged files and actual entries. */
  byte[] probe() {
    return run("probe", null, "inspect " + targetDir);
  }

  /** Hashes the given NUL-separated paths on the host. */
  byte[] hash(byte[] paths) {
    return run("hash", new ByteArrayInputStream(paths), "hash files in " + targetDir);
  }

  /** Unpacks, verifies and places the stream; returns the target's entries afterwards. */
  byte[] apply(InputStream stream) {
    return run("apply", stream, "receive files into " + targetDir);
  }

  /** Writes the record atomically and drops the staging directory. */
  void commit(byte[] record) {
    run("commit", new ByteArrayInputStream(record), "write the record of " + targetDir);
  }

  private byte[] run(String op, InputStream stdin, String description) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String script =
        "OP="
            + quote(op)
            + "\nTARGET="
            + quote(targetDir)
            + "\nDRY="
            + (dryRun ? "1" : "0")
            + "\n"
            + SCRIPT;
    HostCommand command =
        new HostCommand(script, java.util.Map.of(), stdin, out, null, description, false);
    CommandResult result = host.exec(command);
    result.orThrow();
    return out.toByteArray();
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
