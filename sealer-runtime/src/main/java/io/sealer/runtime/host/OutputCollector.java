package io.sealer.runtime.host;

import io.sealer.api.event.EventListener;
import io.sealer.api.event.HostOutputEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * One output stream of a command: sends each line to the host's listener as a {@link
 * HostOutputEvent}, keeps the last bytes for the {@link io.sealer.api.host.CommandResult}, or
 * passes raw bytes to a caller's sink (then nothing is captured or sent as events). On stderr the
 * first line may be the bootstrap's pid marker, which is taken out.
 */
final class OutputCollector extends OutputStream {
  /** Lines longer than this are sent in pieces. */
  private static final int MAX_LINE = 16 * 1024;

  private final String host;
  private final boolean stderr;
  private final EventListener events;
  private final @Nullable OutputStream raw;
  private final byte[] tail;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long total;
  private boolean firstLine;
  private volatile long pid = -1;

  OutputCollector(
      String host,
      boolean stderr,
      EventListener events,
      int tailBytes,
      @Nullable OutputStream raw,
      boolean expectPidMarker) {
    this.host = host;
    this.stderr = stderr;
    this.events = events;
    this.raw = raw;
    this.tail = new byte[raw == null ? tailBytes : 0];
    this.firstLine = expectPidMarker;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    if (raw != null) {
      raw.write(b, off, len);
      return;
    }
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c == '\n') {
        endLine();
      } else {
        line.write(c);
        if (line.size() >= MAX_LINE) {
          emit(false);
        }
      }
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    if (raw != null) {
      raw.flush();
    }
  }

  /** Sends a last line that had no line end; called once the stream has ended. */
  synchronized void finish() throws IOException {
    if (line.size() > 0) {
      emit(false);
    }
    flush();
  }

  /** The shell's process group id from the pid marker, or -1 if it has not been seen. */
  long processGroup() {
    return pid;
  }

  /** The captured tail as text (empty when the output went to a raw sink). */
  synchronized String text() {
    int size = (int) Math.min(total, tail.length);
    byte[] out = new byte[size];
    int start = (int) ((total - size) % Math.max(1, tail.length));
    for (int i = 0; i < size; i++) {
      out[i] = tail[(start + i) % tail.length];
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  private void endLine() {
    if (firstLine) {
      firstLine = false;
      String text = line.toString(StandardCharsets.UTF_8);
      if (text.startsWith(CommandScript.PID_MARKER)) {
        try {
          pid = Long.parseLong(text.substring(CommandScript.PID_MARKER.length()).strip());
        } catch (NumberFormatException e) {
          pid = -1;
        }
        line.reset();
        return;
      }
    }
    emit(true);
  }

  private void emit(boolean newline) {
    byte[] bytes = line.toByteArray();
    line.reset();
    remember(bytes);
    if (newline) {
      remember(new byte[] {'\n'});
    }
    firstLine = false;
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\r') {
      end--;
    }
    events.onEvent(
        new HostOutputEvent(host, stderr, new String(bytes, 0, end, StandardCharsets.UTF_8)));
  }

  private void remember(byte[] bytes) {
    if (tail.length == 0) {
      return;
    }
    for (byte b : bytes) {
      tail[(int) (total % tail.length)] = b;
      total++;
    }
  }
}
