package io.sealer.runtime.host;

import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import io.sealer.api.host.RemoteHost;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@link RemoteHost#copy} through two commands on the host, no SFTP. The first writes stdin to a
 * temporary file beside the target, syncs it and prints its size; only if the caller's stream ended
 * normally and the size matches what was sent does the second set the mode and rename it into place
 * (then sync the directory). On any failure the temporary file is removed (by the first command's
 * trap, and again from here), so nothing half-written is ever at the path.
 */
final class AtomicCopy {
  private static final String WRITE =
      "set -e\n"
          + "mkdir -p -- \"$(dirname -- \"$P\")\"\n"
          + "umask 077\n"
          + "trap 'rm -f -- \"$T\"' EXIT\n"
          + "trap 'exit 143' TERM\n"
          + "trap 'exit 129' HUP\n"
          + "cat > \"$T\"\n"
          + "sync -- \"$T\"\n"
          + "wc -c < \"$T\"\n"
          + "trap - EXIT\n";
  private static final String COMMIT =
      "set -e\n"
          + "if [ -d \"$P\" ]; then echo \"$P is a directory\" >&2; rm -f -- \"$T\"; exit 1; fi\n"
          + "chmod \"$M\" \"$T\"\n"
          + "mv -f -- \"$T\" \"$P\"\n"
          + "sync -- \"$(dirname -- \"$P\")\" 2>/dev/null || true\n";
  private static final String REMOVE = "rm -f -- \"$T\"\n";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final RemoteHost host;

  AtomicCopy(RemoteHost host) {
    this.host = host;
  }

  void copy(InputStream data, String path, int mode) {
    if (!path.startsWith("/") || path.endsWith("/")) {
      throw new IllegalArgumentException("not an absolute file path: " + path);
    }
    int slash = path.lastIndexOf('/');
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    String temp =
        path.substring(0, slash + 1)
            + "."
            + path.substring(slash + 1)
            + ".sealer-"
            + HexFormat.of().formatHex(random)
            + ".tmp";
    Map<String, String> env = Map.of("P", path, "T", temp, "M", String.format("%04o", mode));
    String what = "copy to " + path;
    CountingStream counted = new CountingStream(data);
    CommandResult written;
    try {
      written =
          host.exec(
              new HostCommand(WRITE, env, counted, null, null, "write " + path + " (temp)", false));
    } catch (HostException e) {
      removeQuietly(env);
      throw new HostException(host.address(), e.kind(), "could not " + what + ": " + reason(e), e);
    }
    if (!written.succeeded()) {
      removeQuietly(env);
      throw new HostException(
          host.address(),
          Kind.COMMAND,
          "could not " + what + ": " + lastLine(written.stderr(), written.exitCode()));
    }
    long arrived = parseSize(written.stdout());
    if (!counted.ended || arrived != counted.count) {
      removeQuietly(env);
      throw new HostException(
          host.address(),
          Kind.OTHER,
          "could not " + what + ": " + arrived + " of " + counted.count + " bytes arrived");
    }
    CommandResult committed =
        host.exec(new HostCommand(COMMIT, env, null, null, null, "rename into " + path, false));
    if (!committed.succeeded()) {
      removeQuietly(env);
      throw new HostException(
          host.address(),
          Kind.COMMAND,
          "could not " + what + ": " + lastLine(committed.stderr(), committed.exitCode()));
    }
  }

  private void removeQuietly(Map<String, String> env) {
    try {
      host.exec(new HostCommand(REMOVE, env, null, null, null, "remove a temporary file", false));
    } catch (HostException e) {
      // the connection is gone; the trap of the first command removed it if it could
    }
  }

  private static String reason(HostException e) {
    String message = e.getMessage();
    String prefix = e.host() + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static long parseSize(String stdout) {
    try {
      return Long.parseLong(stdout.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String lastLine(String stderr, int exit) {
    String[] lines = stderr.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.isEmpty() ? "exit " + exit : last;
  }

  /** Counts the bytes read and notes whether the end was reached. */
  private static final class CountingStream extends FilterInputStream {
    long count;
    boolean ended;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        ended = true;
      } else {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n < 0) {
        ended = true;
      } else {
        count += n;
      }
      return n;
    }
  }
}
