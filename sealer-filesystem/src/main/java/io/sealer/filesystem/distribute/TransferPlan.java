package io.sealer.filesystem.distribute;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one host needs: the plan the host-side script carries out (NUL-separated operations), the
 * entries to put in the tar stream, and the counts reported to the caller.
 *
 * @param operations the plan file's bytes
 * @param operationCount how many operations the plan holds (0: nothing to do)
 * @param toSend files (or the rest of files) and links to include in the stream, in plan order
 * @param bytesPlanned content bytes of the files in {@code toSend}
 * @param filesSent files and links the host receives (sent now or staged by an earlier run)
 * @param filesRemoved files and links removed because the image no longer has them
 * @param filesKept files and links already in place
 */
record TransferPlan(
    byte[] operations,
    int operationCount,
    List<Send> toSend,
    long bytesPlanned,
    int filesSent,
    int filesRemoved,
    int filesKept) {

  /**
   * One entry of the stream.
   *
   * @param entry the file or link
   * @param offset bytes of the file the host already staged; only the rest is sent
   */
  record Send(TreeEntry entry, long offset) {}

  /** True if the host already holds everything. */
  boolean isEmpty() {
    return operationCount == 0;
  }

  /** Accumulates the plan file: operations are a letter and arguments, each NUL-terminated. */
  static final class Writer {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int count;

    /** Adds one operation. */
    void add(String kind, String... args) {
      token(kind);
      for (String arg : args) {
        token(arg);
      }
      count++;
    }

    private void token(String text) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      out.write(bytes, 0, bytes.length);
      out.write(0);
    }

    int count() {
      return count;
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
