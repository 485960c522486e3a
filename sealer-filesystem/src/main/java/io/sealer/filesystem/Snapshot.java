package io.sealer.filesystem;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** A writable root file system prepared by a {@link SnapshotDriver}. */
public interface Snapshot extends AutoCloseable {

  /** The directory to change (where a Kubefile's COPY writes and RUN runs). */
  Path rootfs();

  /**
   * Writes what changed in {@link #rootfs()} since {@code prepare} as a reproducible tar.gz layer:
   * new and modified entries, and whiteouts for deleted ones.
   */
  LayerDigests diff(OutputStream out) throws IOException;

  /** Deletes the snapshot's files. */
  @Override
  void close() throws IOException;
}
