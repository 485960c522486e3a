package io.sealer.api.image;

import java.io.IOException;

/** Housekeeping of the local image store: {@code sealer prune} and {@code sealer alpha fsck}. */
public interface ImageStoreMaintenance {

  /**
   * Removes blobs no name refers to (directly or through a manifest list) and unfinished writes.
   * Content another {@code sealer} process is still writing is left alone.
   */
  PruneReport prune() throws IOException;

  /** Re-hashes every blob a name refers to and reports what is missing, corrupt or unreadable. */
  FsckReport fsck() throws IOException;
}
