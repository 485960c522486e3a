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

/**
 * The layout's {@code index.json}: one manifest descriptor per name, the name in the standard
 * {@code org.opencontainers.image.ref.name} annotation (fully qualified), so that other OCI tools
 * read the store as an ordinary layout ({@code skopeo inspect oci:<root>/images:<name>}).
 */
final class NameIndex {
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;

  NameIndex(Path layout) {
    this.file = layout.resolve("index.json");
  }

  /** Name to manifest descriptor, sorted by name. */
  Map<String, Descriptor> read() throws IOException {
    Map<String, Descriptor> names = new TreeMap<>();
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return names;
    } catch (IOException e) {
      throw new SealerException("could not read the image index " + file + ": " + e.getMessage());
    }
    for (JsonNode m : root.path("manifests")) {
      String name = m.path("annotations").path(REF_NAME).asText("");
      if (name.isEmpty()) {
        continue;
      }
      names.put(name, descriptor(m));
    }
    return names;
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
    AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
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
