package io.sealer.filesystem;

import io.sealer.api.Digest;
import io.sealer.api.SealerException;
import io.sealer.api.image.BlobWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A directory of content-addressed blobs laid out as in an OCI image layout: {@code
 * blobs/<algorithm>/<hex>}. A blob file exists only once its content was synced and matched its
 * digest; unfinished writes live in {@code ingest/} next to it. Thread- and process-safe: blobs are
 * immutable and appear by atomic rename.
 */
public final class BlobStore {
  private static final int BUFFER = 1 << 16;

  private final Path root;
  private final Path blobs;
  private final Path ingest;

  /** A store rooted at {@code root} (the OCI layout directory); nothing is created yet. */
  public BlobStore(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.blobs = this.root.resolve("blobs");
    this.ingest = this.root.resolve("ingest");
  }

  /** The layout directory. */
  public Path root() {
    return root;
  }

  /** Where the blob with this digest lives (whether or not it exists). */
  public Path path(Digest digest) {
    return blobs.resolve(digest.algorithm()).resolve(digest.hex());
  }

  /** Whether a complete blob with this digest is stored. */
  public boolean has(Digest digest) {
    return Files.isRegularFile(path(digest));
  }

  /** The size of a stored blob. */
  public long size(Digest digest) throws IOException {
    try {
      return Files.size(path(digest));
    } catch (NoSuchFileException e) {
      throw missing(digest);
    }
  }

  /** Opens a stored blob for reading. */
  public InputStream open(Digest digest) throws IOException {
    try {
      return Files.newInputStream(path(digest));
    } catch (NoSuchFileException e) {
      throw missing(digest);
    }
  }

  /** Reads a stored blob fully; only for small blobs such as manifests and configs. */
  public byte[] read(Digest digest) throws IOException {
    try {
      return Files.readAllBytes(path(digest));
    } catch (NoSuchFileException e) {
      throw missing(digest);
    }
  }

  /**
   * Starts a blob. With an expected digest the writer resumes a partial file an earlier writer for
   * that digest left behind (unless another writer is using it right now).
   */
  public BlobWriter newWriter(@Nullable Digest expected) throws IOException {
    Files.createDirectories(ingest);
    return FileBlobWriter.open(this, ingest, expected);
  }

  /** Stores small content and returns its sha256 digest. */
  public Digest put(byte[] content) throws IOException {
    Digest digest = Digest.sha256Of(content);
    if (has(digest)) {
      return digest;
    }
    Files.createDirectories(ingest);
    try (BlobWriter writer = FileBlobWriter.open(this, ingest, null)) {
      writer.stream().write(content);
      return writer.commit();
    }
  }

  /** Moves a verified temporary file into place; called by the writer. */
  void install(Path temp, Digest digest) throws IOException {
    Path target = path(digest);
    Files.createDirectories(target.getParent());
    if (Files.isRegularFile(target)) {
      Files.deleteIfExists(temp);
      return;
    }
    AtomicFiles.move(temp, target);
  }

  /** Deletes a blob; returns whether it existed. */
  public boolean delete(Digest digest) throws IOException {
    return Files.deleteIfExists(path(digest));
  }

  /** Every stored blob digest (files with invalid names are ignored). */
  public List<Digest> list() throws IOException {
    List<Digest> result = new ArrayList<>();
    if (!Files.isDirectory(blobs)) {
      return result;
    }
    try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(blobs)) {
      for (Path algorithm : algorithms) {
        if (!Files.isDirectory(algorithm)) {
          continue;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(algorithm)) {
          for (Path file : files) {
            try {
              result.add(
                  new Digest(algorithm.getFileName().toString(), file.getFileName().toString()));
            } catch (SealerException e) {
              // not a blob: a stray file
            }
          }
        }
      }
    }
    result.sort(null);
    return result;
  }

  /** The unfinished writes (temporary and partial files) left in {@code ingest/}. */
  public List<Path> unfinished() throws IOException {
    List<Path> result = new ArrayList<>();
    if (Files.isDirectory(ingest)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(ingest)) {
        files.forEach(result::add);
      }
    }
    return result;
  }

  /** Re-hashes a stored blob; returns whether its content matches its name. */
  public boolean verify(Digest digest) throws IOException {
    MessageDigest md = digest.newMessageDigest();
    try (InputStream in = new BufferedInputStream(open(digest), BUFFER)) {
      byte[] buf = new byte[BUFFER];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest()).equals(digest.hex());
  }

  private static SealerException missing(Digest digest) {
    return new SealerException("could not read blob " + digest + ": it is not in the store");
  }
}
