package io.sealer.filesystem;

import io.sealer.api.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Makes a writable root file system from an image's layers and turns what is then changed in it
 * into a new layer. {@link #copy()} works anywhere without privileges: it extracts the layers into
 * a directory and finds the changes by comparing the tree with what it recorded before. {@link
 * #overlay(Path)} (root on Linux) mounts overlayfs over extracted layers cached once by diff id;
 * the new layer is the upper directory.
 */
public interface SnapshotDriver {

  /** The driver's name: {@code copy} or {@code overlay}. */
  String name();

  /**
   * Prepares a snapshot in {@code workDir} (created; must not exist or be empty).
   *
   * @param layers the layer blobs (tar or tar.gz), lowest first
   */
  Snapshot prepare(List<LayerSource> layers, Path workDir) throws IOException;

  /** One layer blob. */
  @FunctionalInterface
  interface LayerSource {
    /** A fresh stream over the layer's bytes. */
    InputStream open() throws IOException;

    /** The layer's diff id if known: lets the overlay driver reuse an extraction. */
    default @Nullable Digest diffId() {
      return null;
    }

    /** A source with a known diff id. */
    static LayerSource of(Digest diffId, LayerSource open) {
      return new LayerSource() {
        @Override
        public InputStream open() throws IOException {
          return open.open();
        }

        @Override
        public Digest diffId() {
          return diffId;
        }
      };
    }
  }

  /** The copy driver: extraction into a plain directory, diff by walking. */
  static SnapshotDriver copy() {
    return new CopySnapshotDriver();
  }

  /** The overlay driver; extracted layers are cached under {@code layerCache/<diff id hex>}. */
  static SnapshotDriver overlay(Path layerCache) {
    return new OverlaySnapshotDriver(layerCache);
  }

  /**
   * The driver for {@code name}: {@code copy}, {@code overlay}, or {@code auto} (overlay when it
   * can be mounted here, which needs root on Linux, else copy).
   */
  static SnapshotDriver named(String name, Path layerCache) {
    return switch (name) {
      case "copy" -> copy();
      case "overlay" -> overlay(layerCache);
      case "auto" -> OverlaySnapshotDriver.available(layerCache) ? overlay(layerCache) : copy();
      default ->
          throw new IllegalArgumentException(
              "unknown snapshot driver \"" + name + "\": expected auto, overlay or copy");
    };
  }
}
