package io.sealer.image.store;

import io.sealer.api.SealerException;
import java.nio.file.Path;

/**
 * The store's {@code index.json} cannot be read, so which content is named is unknown: listing,
 * naming and prune stop, fsck reports it, and {@code sealer alpha fsck --repair} rebuilds it.
 */
final class UnreadableIndexException extends SealerException {
  private static final long serialVersionUID = 1L;

  UnreadableIndexException(Path file, String reason) {
    super(
        "could not read the image index "
            + file
            + ": "
            + reason
            + "; run 'sealer alpha fsck --repair' to rebuild it from the stored images");
  }
}
