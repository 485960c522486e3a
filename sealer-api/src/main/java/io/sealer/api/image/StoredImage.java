package io.sealer.api.image;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * An image in the local store: the manifest (or index) that one or more names point at.
 *
 * @param names the names pointing at it, sorted
 * @param manifest the descriptor of its manifest or index
 * @param id the image id: the config digest of a single-platform image (as Sealer and Docker show
 *     it), the index digest of a manifest list
 */
public record StoredImage(List<ImageReference> names, Descriptor manifest, Digest id) {

  /** Validates and copies the parts. */
  public StoredImage {
    names = List.copyOf(names);
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(id, "id");
  }

  /** Whether this is a manifest list / image index. */
  public boolean isIndex() {
    return MediaTypes.isIndex(manifest.mediaType());
  }
}
