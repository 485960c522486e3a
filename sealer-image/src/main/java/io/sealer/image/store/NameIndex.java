package io.sealer.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerException;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.MediaTypes;
import io.sealer.filesystem.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The layout's {@code index.json}: one manifest descriptor per name, the name in the standard
 * {@code org.opencontainers.image.ref.name} annotation (fully qualified), so that other OCI tools
 * read the store as an ordinary layout ({@code skopeo inspect oci:<root>/images:<name>}).
 */
final class NameIndex {
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Path previous;

  NameIndex(Path layout) {
    this.file = layout.resolve("index.json");
    this.previous = layout.resolve("index.json.prev");
  }

  /**
   * Name to manifest descriptor, sorted by name. No file is an empty store, unless the layout has
   * been written before (its {@code oci-layout} or previous index exists): then names were lost.
   *
   * @throws UnreadableIndexException if the file is missing from a used store, empty, too large,
   *     not JSON or not an OCI index
   */
  Map<String, Descriptor> read() throws IOException {
    byte[] bytes;
    try {
      bytes = MetadataJson.read(file, "it");
    } catch (NoSuchFileException e) {
      if (Files.exists(previous) || Files.exists(file.resolveSibling("oci-layout"))) {
        throw new UnreadableIndexException(file, "it is missing from a store that has been used");
      }
      return new TreeMap<>();
    } catch (MetadataJson.MetadataException e) {
      throw new UnreadableIndexException(file, e.getMessage());
    }
    return parse(bytes, file);
  }

  /** The names of the index kept from before the last change, empty if there is none usable. */
  Map<String, Descriptor> readPrevious() {
    try {
      return parse(MetadataJson.read(previous, "it"), previous);
    } catch (IOException | SealerException e) {
      return new TreeMap<>();
    }
  }

  private static Map<String, Descriptor> parse(byte[] bytes, Path file) {
    JsonNode root;
    try {
      root = MetadataJson.parse(bytes, "it");
    } catch (MetadataJson.MetadataException e) {
      throw new UnreadableIndexException(file, e.getMessage());
    }
    if (!root.isObject() || !root.path("manifests").isArray()) {
      throw new UnreadableIndexException(file, "it is not an OCI image index (no manifests list)");
    }
    Map<String, Descriptor> names = new TreeMap<>();
    for (JsonNode m : root.path("manifests")) {
      String name = m.path("annotations").path(REF_NAME).asText("");
      if (name.isEmpty()) {
        continue;
      }
      try {
        names.put(name, descriptor(m));
      } catch (RuntimeException e) {
        throw new UnreadableIndexException(
            file, "the entry of " + name + " has no valid digest (" + e.getMessage() + ")");
      }
    }
    return names;
  }

  /** Moves an unreadable index aside (kept for inspection) before a repair writes a new one. */
  Path setAside() throws IOException {
    Path aside = file.resolveSibling("index.json.unreadable");
    if (Files.exists(file)) {
      AtomicFiles.move(file, aside);
    }
    return aside;
  }

  void write(Map<String, Descriptor> names) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", 2);
    root.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode manifests = root.putArray("manifests");
    for (Map.Entry<String, Descriptor> e : new TreeMap<>(names).entrySet()) {
      ObjectNode m = toJson(e.getValue());
      ((ObjectNode) m.get("annotations")).put(REF_NAME, e.getKey());
      manifests.add(m);
    }
    Files.createDirectories(file.getParent());
    Path layout = file.getParent().resolve("oci-layout");
    if (!Files.exists(layout)) {
      AtomicFiles.write(layout, "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
    }
    keepPrevious();
    AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }

  /**
   * Keeps the current index as {@code index.json.prev} (a hard link, renamed into place, so it is
   * atomic and costs no copy): what a repair starts from if the index is ever lost.
   */
  private void keepPrevious() throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    Path link = file.resolveSibling(AtomicFiles.TEMP_PREFIX + UUID.randomUUID() + "-prev");
    try {
      Files.createLink(link, file);
      AtomicFiles.move(link, previous);
    } catch (IOException | UnsupportedOperationException e) {
      // a file system without hard links: a copy, written atomically too
      AtomicFiles.write(previous, Files.readAllBytes(file));
    } finally {
      Files.deleteIfExists(link);
    }
  }

  static Descriptor descriptor(JsonNode m) {
    Map<String, String> annotations = new TreeMap<>();
    m.path("annotations")
        .fields()
        .forEachRemaining(f -> annotations.put(f.getKey(), f.getValue().asText()));
    annotations.remove(REF_NAME);
    return new Descriptor(
        m.path("mediaType").asText(MediaTypes.OCI_MANIFEST),
        Digest.parse(m.path("digest").asText()),
        m.path("size").asLong(),
        null,
        annotations);
  }

  static ObjectNode toJson(Descriptor d) {
    ObjectNode m = JSON.createObjectNode();
    m.put("mediaType", d.mediaType());
    m.put("digest", d.digest().toString());
    m.put("size", d.size());
    ObjectNode annotations = m.putObject("annotations");
    new TreeMap<>(d.annotations()).forEach(annotations::put);
    return m;
  }

  static String key(ImageReference name) {
    return name.toString();
  }
}
