package io.sealer.filesystem.distribute;

import java.util.Objects;

/**
 * One entry as the host reports it (GNU find {@code -printf}) or as its record remembers it.
 *
 * @param path relative to the target directory
 * @param type its type letter ({@code f}, {@code d}, {@code l}, or another find letter)
 * @param mode permission bits in octal, as find prints them
 * @param size bytes
 * @param mtime modification time, as find's {@code %T@} prints it
 * @param ctime change time, as find's {@code %C@} prints it
 * @param inode inode number
 * @param link the link target, or "" if not a link
 * @param sha256 the recorded digest of a file, or "" if unknown
 */
record HostEntry(
    String path,
    char type,
    String mode,
    long size,
    String mtime,
    String ctime,
    String inode,
    String link,
    String sha256) {

  HostEntry {
    Objects.requireNonNull(path, "path");
  }

  /** True if {@code other} has the same type, size, times and inode: the file was not touched. */
  boolean sameStat(HostEntry other) {
    return type == other.type
        && size == other.size
        && mtime.equals(other.mtime)
        && ctime.equals(other.ctime)
        && inode.equals(other.inode);
  }

  /** This entry with a recorded digest. */
  HostEntry withSha256(String digest) {
    return new HostEntry(path, type, mode, size, mtime, ctime, inode, link, digest);
  }
}
