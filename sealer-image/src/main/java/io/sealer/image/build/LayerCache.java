package io.sealer.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import io.sealer.api.image.ImageStore;
import io.sealer.filesystem.AtomicFiles;
import io.sealer.filesystem.LayerDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The build cache: for each layer-making step, the layer it made, under {@code
 * <root>/build-cache/<key>.json} (written atomically). The key is the SHA-256 of the parent layer
 * chain, the instruction text after expansion and the digest of its inputs. An entry counts only
 * while its layer blob is still in the store.
 */
final class LayerCache {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path root;
  private final Path dir;
  private final ImageStore store;

  LayerCache(Path root, ImageStore store) {
    this.root = root;
    this.dir = root.resolve("build-cache");
    this.store = store;
  }

  /** Sealer's root directory. */
  Path root() {
    return root;
  }

  /** The cache key of a step. */
  static String key(String parentChain, String instruction, String inputs) {
    return Digest.sha256Of(parentChain + "\n" + instruction + "\n" + inputs).hex();
  }

  /** The next chain value after a layer. */
  static String chain(String parentChain, Digest diffId) {
    return Digest.sha256Of(parentChain + "\n" + diffId).hex();
  }

  Optional<LayerDigests> find(String key) {
    Path file = dir.resolve(key + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode n = MAPPER.readTree(file.toFile());
      LayerDigests layer =
          new LayerDigests(
              Digest.parse(n.path("diffId").asText()),
              Digest.parse(n.path("digest").asText()),
              n.path("size").asLong());
      return store.hasBlob(layer.digest()) ? Optional.of(layer) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  void put(String key, LayerDigests layer) throws IOException {
    Files.createDirectories(dir);
    String json =
        MAPPER
            .createObjectNode()
            .put("diffId", layer.diffId().toString())
            .put("digest", layer.digest().toString())
            .put("size", layer.size())
            .toString();
    AtomicFiles.write(dir.resolve(key + ".json"), json.getBytes(StandardCharsets.UTF_8));
  }
}
