package io.sealer.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealer.api.Digest;
import io.sealer.api.Platform;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.MediaTypes;
import io.sealer.image.store.MetadataJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a manifest or index refers to, read from its JSON (the bytes themselves are kept as they
 * are, so digests never change).
 *
 * @param mediaType the manifest's media type
 * @param config the config of a manifest, {@code null} for an index
 * @param layers the layers of a manifest
 * @param manifests the manifests of an index
 */
record ManifestJson(
    String mediaType,
    @Nullable Descriptor config,
    List<Descriptor> layers,
    List<Descriptor> manifests) {

  /**
   * Parses manifest bytes.
   *
   * @param contentType the media type the registry or store gave, used when the JSON has none
   */
  static ManifestJson parse(byte[] bytes, @Nullable String contentType) throws IOException {
    JsonNode root = MetadataJson.parse(bytes, "the manifest");
    String type = root.path("mediaType").asText("");
    if (type.isEmpty() && contentType != null) {
      type = contentType.split(";")[0].trim();
    }
    if (type.isEmpty()) {
      type = root.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }
    if (!MediaTypes.isIndex(type) && !MediaTypes.isManifest(type)) {
      throw new IOException("unsupported manifest type " + type);
    }
    Descriptor config = root.has("config") ? descriptor(root.get("config")) : null;
    return new ManifestJson(type, config, list(root.path("layers")), list(root.path("manifests")));
  }

  boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  /** Config and layers, in order. */
  List<Descriptor> blobs() {
    List<Descriptor> all = new ArrayList<>();
    if (config != null) {
      all.add(config);
    }
    all.addAll(layers);
    return all;
  }

  private static List<Descriptor> list(JsonNode array) throws IOException {
    List<Descriptor> out = new ArrayList<>();
    for (JsonNode node : array) {
      out.add(descriptor(node));
    }
    return out;
  }

  private static Descriptor descriptor(JsonNode node) throws IOException {
    try {
      Platform platform = null;
      JsonNode p = node.get("platform");
      if (p != null && p.isObject()) {
        String variant = p.path("variant").asText("");
        platform =
            new Platform(
                p.path("os").asText(),
                p.path("architecture").asText(),
                variant.isEmpty() ? null : variant);
      }
      Map<String, String> annotations = new LinkedHashMap<>();
      node.path("annotations")
          .fields()
          .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
      return new Descriptor(
          node.path("mediaType").asText(""),
          Digest.parse(node.path("digest").asText()),
          node.path("size").asLong(),
          platform,
          annotations);
    } catch (RuntimeException e) {
      throw new IOException("bad descriptor " + node + ": " + e.getMessage(), e);
    }
  }
}
