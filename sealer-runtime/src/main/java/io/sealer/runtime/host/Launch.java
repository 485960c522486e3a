package io.sealer.runtime.host;

import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/** One started command, over SSH or as a local process; its output goes to the collectors. */
interface Launch extends AutoCloseable {
  /** What {@link #await} returns when the connection dropped before the command ended. */
  int LOST = Integer.MIN_VALUE;

  /** The command's stdin; closing it sends end-of-file. */
  OutputStream stdin();

  /**
   * Waits for the command to end.
   *
   * @param millis how long to wait, 0 for no limit
   * @return its exit status (128 + signal number if a signal ended it), {@link #LOST} if the
   *     connection dropped first, or null if it is still running
   */
  @Nullable Integer await(long millis) throws InterruptedException;

  /**
   * Stops the command and every process it started: TERM, then KILL after a short grace.
   *
   * @param pid the shell's process group id from its pid marker, or -1 if unknown
   */
  void kill(long pid);

  /** Releases the channel or process; safe to call more than once. */
  @Override
  void close();

  /** Starts commands on one host. */
  interface Launcher {
    Launch start(CommandScript script, OutputCollector stdout, OutputCollector stderr);
  }
}
