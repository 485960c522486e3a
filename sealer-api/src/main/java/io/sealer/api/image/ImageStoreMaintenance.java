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

  /**
   * Rebuilds a name index that cannot be read (empty, cut off, not JSON): the names of the index
   * kept from before the last change whose images are still stored, then every stored image that
   * nothing names or refers to as {@code localhost/recovered:<id>}. The unreadable file is kept
   * beside it. Does nothing when the index reads fine.
   *
   * @return one line per name written, empty if nothing needed repair
   */
  java.util.List<String> repairIndex() throws IOException;
}
