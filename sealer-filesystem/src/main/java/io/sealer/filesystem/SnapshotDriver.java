package io.sealer.filesystem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes a writable root file system from an image's layers and turns what is then changed in it
 * into a new layer. {@link #copy()} works anywhere (no privileges): it extracts the layers into a
 * directory and finds the changes by comparing the tree with what it recorded before.
 */
public interface SnapshotDriver {

  /** The driver's name, as {@code --snapshot-driver} takes it. */
  String name();

  /**
   * Prepares a snapshot in {@code workDir} (created; must not exist or be empty).
   *
   * @param layers the layer blobs (tar or tar.gz), lowest first, opened one at a time
   */
  Snapshot prepare(List<LayerSource> layers, Path workDir) throws IOException;

  /** Opens one layer blob. */
  @FunctionalInterface
  interface LayerSource {
    /** A fresh stream over the layer's bytes. */
    InputStream open() throws IOException;
  }

  /** The copy driver: extraction into a plain directory, diff by walking. */
  static SnapshotDriver copy() {
    return new CopySnapshotDriver();
  }

  /**
   * The driver for {@code name}: {@code copy}, or {@code auto} (the copy driver until an overlay
   * driver is available).
   */
  static SnapshotDriver named(String name) {
    return switch (name) {
      case "copy", "auto" -> copy();
      default ->
          throw new IllegalArgumentException(
              "unknown snapshot driver \"" + name + "\": expected copy or auto");
    };
  }
}
