package io.sealer.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes container images into the storage layout of a Docker distribution registry (v2, filesystem
 * driver), so that a registry whose {@code rootdirectory} is the {@code registry/} directory of a
 * ClusterImage serves them:
 *
 * <pre>
 * docker/registry/v2/blobs/sha256/&lt;2 hex&gt;/&lt;hex&gt;/data
 * docker/registry/v2/repositories/&lt;repo&gt;/_layers/sha256/&lt;hex&gt;/link
 * docker/registry/v2/repositories/&lt;repo&gt;/_manifests/revisions/sha256/&lt;hex&gt;/link
 * docker/registry/v2/repositories/&lt;repo&gt;/_manifests/tags/&lt;tag&gt;/current/link
 * docker/registry/v2/repositories/&lt;repo&gt;/_manifests/tags/&lt;tag&gt;/index/sha256/&lt;hex&gt;/link
 * </pre>
 *
 * <p>A link file holds {@code sha256:<hex>}. Every file is written to a temporary file in its
 * directory, synced and renamed into place, so a crash never leaves a half-written blob or link;
 * blobs are checked against their digest while they stream and skipped if already present. The
 * repository path excludes the registry host ({@link #repositoryOf(ImageReference)}).
 */
final class RegistryLayoutWriter {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

  /** Opens the content of one blob; called at most once per write. */
  @FunctionalInterface
  public interface BlobSource {
    /** A fresh stream of the blob's bytes; the writer closes it. */
    InputStream open() throws IOException;
  }

  private final Path v2;

  /**
   * A writer into a registry root directory.
   *
   * @param registryDir the directory a registry uses as its filesystem {@code rootdirectory} (the
   *     {@code registry/} directory of a rootfs)
   */
  public RegistryLayoutWriter(Path registryDir) {
    this.v2 = registryDir.resolve("docker").resolve("registry").resolve("v2");
  }

  /** The repository path an image is cached under: its path without the registry host. */
  public static String repositoryOf(ImageReference reference) {
    return reference.repository();
  }

  /**
   * Writes a single-platform image: its config and layer blobs (each linked into the repository),
   * the manifest, and the tag.
   *
   * @param repository the repository path, e.g. {@code library/nginx}
   * @param tag the tag, e.g. {@code 1.25}
   * @param manifest the manifest bytes exactly as served by the source registry
   * @param blobs a source for each blob the manifest names that is not already stored
   * @return the manifest digest
   * @throws SealerException if a blob is missing, does not match its digest, or cannot be written
   */
  public Digest writeImage(
      String repository, String tag, byte[] manifest, Map<Digest, BlobSource> blobs) {
    checkRepository(repository);
    for (Digest digest : referencedBlobs(manifest)) {
      BlobSource source = blobs.get(digest);
      if (source == null && !hasBlob(digest)) {
        throw new SealerException(
            "could not cache image "
                + repository
                + ":"
                + tag
                + ": no content given for blob "
                + digest);
      }
      if (source != null) {
        writeBlob(digest, source);
      }
      linkLayer(repository, digest);
    }
    Digest digest = writeManifest(repository, manifest);
    tag(repository, tag, digest);
    return digest;
  }

  /**
   * Writes a manifest list or OCI index and tags it. Only the manifests that were cached (usually
   * the build platform's, written before with {@link #writeImage} or {@link #writeManifest}) need
   * to be stored: the registry serves an index without checking its other entries, and clients then
   * fetch the entry of their platform by digest.
   *
   * @return the index digest
   * @throws SealerException if no manifest the index names is stored in the repository
   */
  public Digest writeIndex(String repository, String tag, byte[] index) {
    checkRepository(repository);
    boolean anyStored = false;
    try {
      for (JsonNode entry : MAPPER.readTree(index).path("manifests")) {
        Digest child = Digest.parse(entry.path("digest").asText());
        anyStored |= Files.isRegularFile(revision(repository, child).resolve("link"));
      }
    } catch (IOException e) {
      throw new SealerException("could not read image index: " + e.getMessage(), e);
    }
    if (!anyStored) {
      throw new SealerException(
          "could not cache image "
              + repository
              + ":"
              + tag
              + ": none of the manifests its index names is stored");
    }
    Digest digest = writeManifest(repository, index);
    tag(repository, tag, digest);
    return digest;
  }

  /** Whether the blob is stored. */
  public boolean hasBlob(Digest digest) {
    return Files.isRegularFile(blobData(digest));
  }

  /**
   * Stores a blob, checking its digest while it streams; does nothing if it is already stored.
   *
   * @throws SealerException if the content does not match the digest or cannot be written
   */
  public void writeBlob(Digest digest, BlobSource source) {
    checkSha256(digest);
    Path data = blobData(digest);
    if (Files.isRegularFile(data)) {
      return;
    }
    try {
      Files.createDirectories(data.getParent());
      Path tmp = Files.createTempFile(data.getParent(), ".data-", ".tmp");
      try {
        MessageDigest md = digest.newMessageDigest();
        try (InputStream in = source.open();
            OutputStream out =
                new DigestOutputStream(
                    Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING), md)) {
          in.transferTo(out);
        }
        String actual = HexFormat.of().formatHex(md.digest());
        if (!actual.equals(digest.hex())) {
          throw new SealerException(
              "could not store blob " + digest + ": its content has digest sha256:" + actual);
        }
        moveIntoPlace(tmp, data);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new SealerException("could not store blob " + digest + ": " + e.getMessage(), e);
    }
  }

  /** Links a stored blob (layer or config) into a repository so the registry serves it there. */
  public void linkLayer(String repository, Digest digest) {
    checkRepository(repository);
    writeLink(repo(repository).resolve("_layers").resolve("sha256").resolve(digest.hex()), digest);
  }

  /**
   * Stores manifest (or index) bytes as a blob and as a revision of the repository. The manifests
   * an index names must be written first.
   *
   * @return the digest of the bytes
   */
  public Digest writeManifest(String repository, byte[] manifest) {
    checkRepository(repository);
    Digest digest = Digest.sha256Of(manifest);
    writeBlob(digest, () -> new ByteArrayInputStream(manifest));
    writeLink(revision(repository, digest), digest);
    return digest;
  }

  /** Points {@code repository:tag} at a stored manifest revision. */
  public void tag(String repository, String tag, Digest manifest) {
    checkRepository(repository);
    if (!TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid tag " + tag);
    }
    if (!Files.isRegularFile(revision(repository, manifest).resolve("link"))) {
      throw new IllegalStateException("manifest " + manifest + " is not stored in " + repository);
    }
    Path tagDir = repo(repository).resolve("_manifests").resolve("tags").resolve(tag);
    writeLink(tagDir.resolve("index").resolve("sha256").resolve(manifest.hex()), manifest);
    writeLink(tagDir.resolve("current"), manifest);
  }

  private Path revision(String repository, Digest digest) {
    return repo(repository)
        .resolve("_manifests")
        .resolve("revisions")
        .resolve("sha256")
        .resolve(digest.hex());
  }

  /** The config, layer and child-manifest digests a manifest or index names. */
  static List<Digest> referencedBlobs(byte[] manifest) {
    List<Digest> out = new ArrayList<>();
    try {
      JsonNode root = MAPPER.readTree(manifest);
      if (root.has("manifests")) {
        throw new IllegalArgumentException(
            "an index is written with writeIndex after its manifests, not writeImage");
      }
      if (root.path("config").has("digest")) {
        out.add(Digest.parse(root.path("config").path("digest").asText()));
      }
      for (JsonNode layer : root.path("layers")) {
        out.add(Digest.parse(layer.path("digest").asText()));
      }
    } catch (IOException e) {
      throw new SealerException("could not read image manifest: " + e.getMessage(), e);
    }
    return out;
  }

  private Path repo(String repository) {
    return v2.resolve("repositories").resolve(repository);
  }

  private Path blobData(Digest digest) {
    return v2.resolve("blobs")
        .resolve(digest.algorithm())
        .resolve(digest.hex().substring(0, 2))
        .resolve(digest.hex())
        .resolve("data");
  }

  private void writeLink(Path dir, Digest digest) {
    Path link = dir.resolve("link");
    byte[] content = digest.toString().getBytes(StandardCharsets.US_ASCII);
    try {
      if (Files.isRegularFile(link) && java.util.Arrays.equals(Files.readAllBytes(link), content)) {
        return;
      }
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".link-", ".tmp");
      try {
        Files.write(tmp, content, StandardOpenOption.TRUNCATE_EXISTING);
        moveIntoPlace(tmp, link);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new SealerException("could not write registry link " + link + ": " + e.getMessage(), e);
    }
  }

  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void checkSha256(Digest digest) {
    if (!digest.algorithm().equals("sha256")) {
      throw new IllegalArgumentException("registry storage holds sha256 blobs only: " + digest);
    }
  }

  private static void checkRepository(String repository) {
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new IllegalArgumentException("invalid repository path " + repository);
    }
  }
}
