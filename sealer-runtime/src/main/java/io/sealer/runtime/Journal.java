package io.sealer.runtime;

import io.sealer.api.SealerException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The steps of a cluster that have finished, one line each ({@code <key> <description>}), appended
 * and synced as each step ends. A re-run skips every step whose key is here; a key holds the digest
 * of the step's inputs, so a changed input runs the step again. A line cut by a crash (no final
 * newline) is ignored.
 */
final class Journal {
  private final Path file;
  private final Set<String> done = new HashSet<>();

  Journal(Path file) {
    this.file = file;
    try {
      byte[] bytes = Files.readAllBytes(file);
      String text = new String(bytes, StandardCharsets.UTF_8);
      List<String> lines = List.of(text.split("\n", -1));
      // the last element is "" after a complete final line, or a cut line: skip it either way
      for (String line : lines.subList(0, lines.size() - 1)) {
        int space = line.indexOf(' ');
        done.add(space < 0 ? line : line.substring(0, space));
      }
    } catch (NoSuchFileException e) {
      // nothing done yet
    } catch (IOException e) {
      throw new SealerException("could not read the journal " + file + ": " + e, e);
    }
  }

  /** Whether no step has finished yet. */
  synchronized boolean isEmpty() {
    return done.isEmpty();
  }

  /** Whether a step with this key has finished. */
  synchronized boolean isDone(String key) {
    return done.contains(key);
  }

  /** Records a finished step durably. */
  synchronized void markDone(String key, String description) {
    if (done.contains(key)) {
      return;
    }
    String line = key + " " + description.replace('\n', ' ') + "\n";
    try (FileChannel ch =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(false);
    } catch (IOException e) {
      throw new SealerException("could not write the journal " + file + ": " + e, e);
    }
    done.add(key);
  }

  /** Forgets steps whose key starts with {@code prefix} (e.g. a deleted host's steps). */
  synchronized void forget(String prefix) {
    if (done.removeIf(k -> k.startsWith(prefix))) {
      rewrite();
    }
  }

  private void rewrite() {
    StringBuilder sb = new StringBuilder();
    done.stream().sorted().forEach(k -> sb.append(k).append(" -\n"));
    try {
      io.sealer.filesystem.AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new SealerException("could not write the journal " + file + ": " + e, e);
    }
  }
}
