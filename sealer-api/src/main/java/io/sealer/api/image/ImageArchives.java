package io.sealer.api.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code sealer save} and {@code sealer load}: images to and from tar archives that Sealer, skopeo,
 * podman and docker read. Blobs keep their digests, so image ids and manifest digests survive a
 * round trip. Archives are written to a temporary file and renamed into place.
 */
public interface ImageArchives {

  /**
   * Writes the image {@code nameOrId} to {@code file}. A manifest list becomes a tar holding one
   * archive per platform ({@code <imageId>.tar}) and a {@code Metadata} file with the list's name,
   * as Sealer writes it.
   */
  void save(String nameOrId, Path file, ArchiveFormat format) throws IOException;

  /**
   * Loads every image in an archive of either format (detected from its content), verifying each
   * blob's digest as it streams.
   *
   * @return the images loaded, with the names they were given
   */
  List<StoredImage> load(Path file) throws IOException;
}
