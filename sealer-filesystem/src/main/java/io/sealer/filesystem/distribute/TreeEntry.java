package io.sealer.filesystem.distribute;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the local rootfs, as a host must end up holding it.
 *
 * @param path relative, '/'-separated
 * @param type file, directory or link
 * @param mode permission bits (07777)
 * @param size bytes of a file, else 0
 * @param sha256 hex digest of a file, else null
 * @param linkTarget the target of a link, else null
 */
record TreeEntry(
    String path,
    EntryType type,
    int mode,
    long size,
    @Nullable String sha256,
    @Nullable String linkTarget) {

  TreeEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(type, "type");
  }

  /** The mode as GNU find's {@code %m} prints it (octal, no leading zero). */
  String octalMode() {
    return Integer.toOctalString(mode);
  }
}
