package io.sealer.image.registry;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerException;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageNotFoundException;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Test fixture: a small {@link ImageStore} on a temporary directory (blobs by digest, names in
 * memory), standing in for the real store until it is on main. Keeps the partial bytes of a writer
 * opened for a known digest, as the contract says, so resumed downloads can be tested.
 */
final class TempDirImageStoreFixture implements ImageStore {
  private final Path root;
  private final Map<String, StoredImage> names = new TreeMap<>();

  TempDirImageStoreFixture(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve("blobs"));
    Files.createDirectories(root.resolve("partial"));
  }

  Path blobPath(Digest digest) {
    return root.resolve("blobs").resolve(digest.hex());
  }

  Path partialPath(Digest digest) {
    return root.resolve("partial").resolve(digest.hex());
  }

  @Override
  public synchronized List<StoredImage> list() {
    return new ArrayList<>(names.values());
  }

  @Override
  public synchronized Optional<StoredImage> find(String nameOrId) {
    if (ImageReference.isValid(nameOrId)) {
      StoredImage image = names.get(ImageReference.parse(nameOrId).toString());
      if (image != null) {
        return Optional.of(image);
      }
    }
    return names.values().stream()
        .filter(i -> i.manifest().digest().hex().startsWith(nameOrId))
        .findFirst();
  }

  @Override
  public StoredImage require(String nameOrId) {
    return find(nameOrId).orElseThrow(() -> new ImageNotFoundException(nameOrId));
  }

  @Override
  public synchronized void setName(ImageReference name, Descriptor manifest) {
    if (!hasBlob(manifest.digest())) {
      throw new IllegalStateException("manifest not stored: " + manifest.digest());
    }
    names.put(name.toString(), new StoredImage(List.of(name), manifest, manifest.digest()));
  }

  @Override
  public synchronized boolean removeName(ImageReference name) {
    return names.remove(name.toString()) != null;
  }

  @Override
  public boolean hasBlob(Digest digest) {
    return Files.isRegularFile(blobPath(digest));
  }

  @Override
  public long blobSize(Digest digest) throws IOException {
    return Files.size(blobPath(digest));
  }

  @Override
  public InputStream openBlob(Digest digest) throws IOException {
    return Files.newInputStream(blobPath(digest));
  }

  @Override
  public byte[] readBlob(Digest digest) throws IOException {
    return Files.readAllBytes(blobPath(digest));
  }

  @Override
  public BlobWriter newBlob(@Nullable Digest expected) throws IOException {
    Path file =
        expected != null
            ? partialPath(expected)
            : Files.createTempFile(root.resolve("partial"), "new", ".tmp");
    return new Writer(file, expected);
  }

  @Override
  public Digest putBlob(byte[] content) throws IOException {
    Digest digest = Digest.sha256Of(content);
    Path tmp = Files.createTempFile(root.resolve("partial"), "put", ".tmp");
    Files.write(tmp, content);
    Files.move(tmp, blobPath(digest), StandardCopyOption.REPLACE_EXISTING);
    return digest;
  }

  private final class Writer implements BlobWriter {
    private final Path file;
    private final @Nullable Digest expected;
    private final long start;
    private final OutputStream out;
    private boolean committed;

    Writer(Path file, @Nullable Digest expected) throws IOException {
      this.file = file;
      this.expected = expected;
      this.start = Files.exists(file) ? Files.size(file) : 0;
      this.out =
          new BufferedOutputStream(
              Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
              1 << 16);
    }

    @Override
    public long position() {
      return start;
    }

    @Override
    public OutputStream stream() {
      return out;
    }

    @Override
    public Digest commit() throws IOException {
      out.close();
      MessageDigest md =
          (expected != null ? expected : Digest.sha256("0".repeat(64))).newMessageDigest();
      try (InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
          md.update(buffer, 0, n);
        }
      }
      Digest actual = Digest.sha256(HexFormat.of().formatHex(md.digest()));
      if (expected != null && !expected.equals(actual)) {
        Files.deleteIfExists(file);
        throw new SealerException("could not store blob " + expected + ": content is " + actual);
      }
      Files.move(file, blobPath(actual), StandardCopyOption.REPLACE_EXISTING);
      committed = true;
      return actual;
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } finally {
        if (!committed && expected == null) {
          Files.deleteIfExists(file);
        }
      }
    }
  }
}
