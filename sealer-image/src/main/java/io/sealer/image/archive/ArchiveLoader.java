package io.sealer.image.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerException;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.image.store.MetadataJson;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads one archive stream in a single pass: every file goes into the store as a blob while it
 * streams (checked against its name when the name is a digest), the small index files are kept, and
 * at the end the images they describe are assembled. Names are not set here.
 */
final class ArchiveLoader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern BLOB = Pattern.compile("blobs/(sha256|sha512)/([0-9a-f]+)");
  static final String CONTAINERD_NAME = "io.containerd.image.name";

  private final ImageStore store;
  private final String fallbackRepository;
  private final Map<String, Digest> files = new LinkedHashMap<>();

  /** Link entries by name: never followed, refused when an index file refers to one. */
  private final Map<String, String> links = new HashMap<>();

  private final Map<String, Future<Digest>> committing = new LinkedHashMap<>();

  /** Bounds the blobs written but not yet committed (each holds an open file). */
  private final Semaphore outstanding = new Semaphore(8);

  private byte @Nullable [] indexJson;
  private byte @Nullable [] manifestJson;
  private byte @Nullable [] metadata;

  ArchiveLoader(ImageStore store, String fallbackRepository) {
    this.store = store;
    this.fallbackRepository = fallbackRepository;
  }

  /** Reads the archive and returns each image it holds with the name the archive gives it. */
  Map<ImageReference, Descriptor> load(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 20);
    in.mark(2);
    boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
    in.reset();
    TarArchiveInputStream tar =
        new TarArchiveInputStream(gzip ? new GZIPInputStream(in, 1 << 16) : in);
    ExecutorService syncs = Executors.newFixedThreadPool(2);
    try {
      readEntries(tar, syncs);
    } finally {
      syncs.shutdown();
      for (Map.Entry<String, Future<Digest>> f : committing.entrySet()) {
        files.put(f.getKey(), await(f.getValue()));
      }
    }
    if (indexJson != null) {
      return fromIndex();
    }
    if (manifestJson != null) {
      return fromDockerManifest();
    }
    if (metadata != null) {
      return fromSealerList();
    }
    throw new SealerException(
        "it is not an oci-archive, docker-archive or Sealer archive"
            + " (no index.json, manifest.json or Metadata in it)");
  }

  private static Digest await(Future<Digest> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while storing blobs", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    }
  }

  /**
   * Streams every entry into the store. Each blob's commit (fsync, digest check, rename) runs on
   * {@code syncs} while the next entry streams, so the disk flush overlaps the reading.
   */
  private void readEntries(TarArchiveInputStream tar, ExecutorService syncs) throws IOException {
    for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
      String name = e.getName();
      while (name.startsWith("./") || name.startsWith("/")) {
        name = name.substring(name.startsWith("/") ? 1 : 2);
      }
      if (e.isSymbolicLink() || e.isLink()) {
        links.put(name, e.getLinkName());
        continue;
      }
      if (!e.isFile()) {
        continue;
      }
      switch (name) {
        case "index.json" -> indexJson = small(tar, e);
        case "manifest.json" -> manifestJson = small(tar, e);
        case "Metadata" -> metadata = small(tar, e);
        case "oci-layout", "repositories" -> {}
        default -> {
          Matcher m = BLOB.matcher(name);
          Digest expected = null;
          if (m.matches()) {
            expected = new Digest(m.group(1), m.group(2));
          }
          committing.put(name, storeBlob(tar, expected, syncs));
        }
      }
    }
  }

  private static byte[] small(InputStream in, TarArchiveEntry e) throws IOException {
    MetadataJson.checkSize(e.getSize(), "its " + e.getName());
    return MetadataJson.read(in, "its " + e.getName());
  }

  private Future<Digest> storeBlob(InputStream in, @Nullable Digest expected, ExecutorService syncs)
      throws IOException {
    if (expected != null && store.hasBlob(expected)) {
      return CompletableFuture.completedFuture(expected);
    }
    BlobWriter writer = store.newBlob(expected);
    try {
      long skip = writer.position();
      if (skip > 0) {
        in.skipNBytes(skip);
      }
      in.transferTo(writer.stream());
      writer.stream().flush();
    } catch (IOException | RuntimeException e) {
      writer.close();
      throw e;
    }
    outstanding.acquireUninterruptibly();
    return syncs.submit(
        () -> {
          try (writer) {
            return writer.commit();
          } finally {
            outstanding.release();
          }
        });
  }

  static Descriptor descriptor(JsonNode m) {
    return Descriptor.of(
        m.path("mediaType").asText(MediaTypes.OCI_MANIFEST),
        Digest.parse(m.path("digest").asText()),
        m.path("size").asLong());
  }

  private Map<ImageReference, Descriptor> fromIndex() throws IOException {
    JsonNode index = MetadataJson.parse(indexJson, "its index.json");
    Map<ImageReference, Descriptor> images = new LinkedHashMap<>();
    for (JsonNode m : index.path("manifests")) {
      Descriptor d =
          Descriptor.of(
              m.path("mediaType").asText(MediaTypes.OCI_MANIFEST),
              Digest.parse(m.path("digest").asText()),
              m.path("size").asLong());
      JsonNode annotations = m.path("annotations");
      String ref =
          annotations
              .path(CONTAINERD_NAME)
              .asText(annotations.path(ArchiveSaver.REF_NAME).asText(""));
      images.put(nameFor(ref), d);
    }
    if (images.isEmpty()) {
      throw new SealerException("its index.json lists no image");
    }
    return images;
  }

  private Map<ImageReference, Descriptor> fromDockerManifest() throws IOException {
    Map<ImageReference, Descriptor> images = new LinkedHashMap<>();
    for (JsonNode entry : MetadataJson.parse(manifestJson, "its manifest.json")) {
      Digest config = file(entry.path("Config").asText());
      ObjectNode manifest = JSON.createObjectNode();
      manifest.put("schemaVersion", 2);
      manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
      ObjectNode c = manifest.putObject("config");
      c.put("mediaType", MediaTypes.OCI_CONFIG);
      c.put("digest", config.toString());
      c.put("size", store.blobSize(config));
      ArrayNode layers = manifest.putArray("layers");
      for (JsonNode l : entry.path("Layers")) {
        Digest layer = file(l.asText());
        ObjectNode ld = layers.addObject();
        ld.put("mediaType", isGzip(layer) ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER_TAR);
        ld.put("digest", layer.toString());
        ld.put("size", store.blobSize(layer));
      }
      byte[] bytes = JSON.writeValueAsBytes(manifest);
      Descriptor d = Descriptor.of(MediaTypes.OCI_MANIFEST, store.putBlob(bytes), bytes.length);
      boolean named = false;
      for (JsonNode tag : entry.path("RepoTags")) {
        images.put(ImageReference.parse(tag.asText()), d);
        named = true;
      }
      if (!named) {
        images.put(nameFor(""), d);
      }
    }
    return images;
  }

  private Map<ImageReference, Descriptor> fromSealerList() throws IOException {
    String listName = new String(metadata, java.nio.charset.StandardCharsets.UTF_8).trim();
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = index.putArray("manifests");
    for (Map.Entry<String, Digest> f : files.entrySet()) {
      if (!f.getKey().endsWith(".tar")) {
        continue;
      }
      Map<ImageReference, Descriptor> inner;
      try (InputStream in = store.openBlob(f.getValue())) {
        inner = new ArchiveLoader(store, fallbackRepository).load(in);
      }
      for (Descriptor d : new java.util.LinkedHashSet<>(inner.values())) {
        JsonNode manifest = metadata(d.digest(), "manifest");
        JsonNode config =
            metadata(Digest.parse(manifest.path("config").path("digest").asText()), "config");
        ObjectNode m = manifests.addObject();
        m.put("mediaType", d.mediaType());
        m.put("digest", d.digest().toString());
        m.put("size", d.size());
        ObjectNode p = m.putObject("platform");
        p.put("architecture", config.path("architecture").asText());
        p.put("os", config.path("os").asText());
        if (config.hasNonNull("variant")) {
          p.put("variant", config.get("variant").asText());
        }
      }
    }
    if (manifests.isEmpty()) {
      throw new SealerException("its Metadata names a manifest list but it holds no image archive");
    }
    byte[] bytes = JSON.writeValueAsBytes(index);
    Map<ImageReference, Descriptor> images = new HashMap<>();
    images.put(
        nameFor(listName), Descriptor.of(MediaTypes.OCI_INDEX, store.putBlob(bytes), bytes.length));
    return images;
  }

  /** A stored manifest or config, under the metadata size rule. */
  private JsonNode metadata(Digest digest, String kind) throws IOException {
    MetadataJson.checkSize(store.blobSize(digest), kind + " " + digest);
    return MetadataJson.parse(store.readBlob(digest), kind + " " + digest);
  }

  private Digest file(String name) {
    String key = name.startsWith("./") ? name.substring(2) : name;
    if (links.containsKey(key)) {
      throw new SealerException(
          "its manifest.json refers to "
              + name
              + ", which is a link (to "
              + links.get(key)
              + ") in the archive, not a file; sealer does not follow links in archives:"
              + " save the image again without linked layers");
    }
    Digest d = files.get(key);
    if (d == null) {
      throw new SealerException("its manifest.json refers to " + name + ", which is not in it");
    }
    return d;
  }

  private boolean isGzip(Digest digest) throws IOException {
    try (InputStream in = store.openBlob(digest)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /**
   * The name for an OCI ref name: a full reference as it is (Docker rules), a bare tag below {@code
   * localhost/<archive name>}, nothing as {@code localhost/<archive name>:latest}.
   */
  ImageReference nameFor(String ref) {
    if (ref.isBlank()) {
      return ImageReference.parse("localhost/" + fallbackRepository + ":latest");
    }
    if (!ref.contains("/") && !ref.contains(":")) {
      return ImageReference.parse("localhost/" + fallbackRepository + ":" + ref);
    }
    return ImageReference.parse(ref);
  }

  static List<String> names(Map<ImageReference, Descriptor> images) {
    List<String> result = new ArrayList<>();
    images.keySet().forEach(r -> result.add(r.toString()));
    return result;
  }
}
