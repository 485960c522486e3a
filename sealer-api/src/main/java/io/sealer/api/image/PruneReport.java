package io.sealer.api.image;

import io.sealer.api.Digest;
import java.util.List;

/**
 * What {@link ImageStoreMaintenance#prune()} removed.
 *
 * @param removedBlobs digests of the blobs deleted
 * @param freedBytes bytes freed by deleting blobs and unfinished writes
 * @param removedUnfinished how many temporary or partial files were deleted
 */
public record PruneReport(List<Digest> removedBlobs, long freedBytes, int removedUnfinished) {
  /** Copies the list. */
  public PruneReport {
    removedBlobs = List.copyOf(removedBlobs);
  }
}
