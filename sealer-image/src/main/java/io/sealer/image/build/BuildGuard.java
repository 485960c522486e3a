package io.sealer.image.build;

import io.sealer.filesystem.OwnedDirectory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What a running build must not leave behind when it is stopped: its working directory under {@code
 * <root>/tmp} (an {@link OwnedDirectory}, so a build killed outright is recognised as dead by the
 * next build or prune) and the RUN processes it started. When the JVM is stopped by a signal
 * (Ctrl-C, SIGTERM from {@code timeout} or a cancelled CI job), a shutdown hook stops each running
 * process with its whole tree (TERM, then KILL after a grace period) and removes the directory.
 */
final class BuildGuard implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(3);

  private final OwnedDirectory directory;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private final Thread hook;

  BuildGuard(OwnedDirectory directory) {
    this.directory = directory;
    this.hook = new Thread(this::stopped, "sealer-build-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** The build's working directory. */
  java.nio.file.Path path() {
    return directory.path();
  }

  void started(Process process) {
    running.add(process);
  }

  void finished(Process process) {
    running.remove(process);
  }

  /**
   * Stops a process and every process below it: the tree is listed first (children of a dead parent
   * are no longer its descendants), each gets TERM, the root first (a shell that saw its current
   * child die before its own TERM would start its next command), what is still alive after the
   * grace period gets KILL.
   */
  static void stopTree(Process process) {
    List<ProcessHandle> below = process.descendants().toList();
    List<ProcessHandle> tree = new ArrayList<>(below.size() + 1);
    tree.add(process.toHandle());
    tree.addAll(below);
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    for (ProcessHandle p : tree) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      } catch (Exception e) {
        // still alive: killed below
      }
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  private void stopped() {
    running.forEach(BuildGuard::stopTree);
    try {
      directory.close();
    } catch (IOException | RuntimeException e) {
      // the next build or prune removes it: its owner is gone
    }
  }

  @Override
  public void close() throws IOException {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      return; // shutting down: the hook cleans up
    }
    directory.close();
  }
}
