package io.sealer.filesystem;

import io.sealer.api.Digest;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Counts and sha256-hashes what passes through to the wrapped stream. */
final class HashingOutputStream extends FilterOutputStream {
  private final MessageDigest md = Digest.sha256Of(new byte[0]).newMessageDigest();
  private long count;

  HashingOutputStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    md.update((byte) b);
    count++;
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    md.update(b, off, len);
    count += len;
    out.write(b, off, len);
  }

  /** Bytes written so far. */
  long count() {
    return count;
  }

  /** The digest of everything written; call once, at the end. */
  Digest digest() {
    return Digest.sha256(HexFormat.of().formatHex(md.digest()));
  }

  /** Flushes but never closes the wrapped stream. */
  @Override
  public void close() throws IOException {
    flush();
  }
}
