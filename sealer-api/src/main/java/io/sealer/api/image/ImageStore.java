package io.sealer.api.image;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The local, content-addressed image store under Sealer's root directory. Safe for concurrent use
 * by threads and by several {@code sealer} processes; a crash at any point leaves it readable.
 */
public interface ImageStore {

  /** Every named image, sorted by name. */
  List<StoredImage> list() throws IOException;

  /**
   * Finds an image by name (normalised as Sealer does: see docs/images.md) or by id (full or a
   * unique prefix of at least 4 hex characters).
   */
  Optional<StoredImage> find(String nameOrId) throws IOException;

  /** Like {@link #find} but fails with {@link ImageNotFoundException} naming what was asked for. */
  StoredImage require(String nameOrId) throws IOException;

  /** Points {@code name} at a manifest or index that is already stored (with all it references). */
  void setName(ImageReference name, Descriptor manifest) throws IOException;

  /** Removes a name; the content stays until {@code prune}. Returns whether the name existed. */
  boolean removeName(ImageReference name) throws IOException;

  /** Whether a complete, verified blob with this digest is stored. */
  boolean hasBlob(Digest digest);

  /** The size of a stored blob. */
  long blobSize(Digest digest) throws IOException;

  /** Reads a stored blob. */
  InputStream openBlob(Digest digest) throws IOException;

  /** Reads a small stored blob (a manifest or config) fully. */
  byte[] readBlob(Digest digest) throws IOException;

  /**
   * Starts writing a blob.
   *
   * @param expected the digest the content must have, or {@code null} if unknown (a new layer);
   *     with a digest the writer may resume a partial earlier write
   */
  BlobWriter newBlob(@Nullable Digest expected) throws IOException;

  /** Stores small content (a manifest or config) and returns its digest. */
  Digest putBlob(byte[] content) throws IOException;
}
