package io.sealer.image.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Writes archive entries with fixed owners and times, so that a save is reproducible. */
final class Tars {
  private static final FileTime FIXED = FileTime.from(Instant.ofEpochSecond(0));

  private Tars() {}

  static TarArchiveOutputStream open(java.io.OutputStream out) {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    return tar;
  }

  static void directory(TarArchiveOutputStream tar, String name) throws IOException {
    TarArchiveEntry e =
        new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
    e.setMode(040755);
    e.setModTime(FIXED);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
  }

  static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    file(tar, name, content.length, new java.io.ByteArrayInputStream(content));
  }

  static void file(TarArchiveOutputStream tar, String name, long size, InputStream content)
      throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setMode(0100644);
    e.setSize(size);
    e.setModTime(FIXED);
    tar.putArchiveEntry(e);
    long copied = content.transferTo(tar);
    if (copied != size) {
      throw new IOException(name + " has " + copied + " bytes, expected " + size);
    }
    tar.closeArchiveEntry();
  }
}
