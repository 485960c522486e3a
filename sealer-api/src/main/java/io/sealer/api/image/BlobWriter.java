package io.sealer.api.image;

import io.sealer.api.Digest;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one blob into the store. Bytes go to a temporary file and are hashed as they are written;
 * {@link #commit()} syncs the file, checks the digest and moves it into place atomically. Closing
 * without commit discards the bytes, unless the writer was opened for a known digest: then the
 * partial file is kept so that a later writer for the same digest resumes at {@link #position()}.
 */
public interface BlobWriter extends AutoCloseable {

  /** Bytes already present (non-zero when resuming a partial download). */
  long position();

  /** Where to write the bytes that follow {@link #position()}. */
  OutputStream stream();

  /**
   * Finishes the blob.
   *
   * @return the digest of everything written
   * @throws io.sealer.api.SealerException if the content does not match the expected digest (the
   *     partial file is then discarded)
   */
  Digest commit() throws IOException;

  /** Discards or keeps the partial bytes as described above; never throws for a committed blob. */
  @Override
  void close() throws IOException;
}
