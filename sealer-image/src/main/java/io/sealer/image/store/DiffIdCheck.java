package io.sealer.image.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealer.api.Digest;
import io.sealer.api.SealerException;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The OCI rule that a config's {@code rootfs.diff_ids} are the digests of the manifest's layers
 * uncompressed, one per layer in order. Used wherever content enters or is used: load, mount and
 * fsck (naming checks the count only, see {@link ManifestGraph}).
 */
public final class DiffIdCheck {
  private DiffIdCheck() {}

  /**
   * Whether a manifest's config is an image config, whose {@code rootfs.diff_ids} OCI defines
   * (artifacts such as Helm charts have other configs and no diff ids).
   */
  static boolean isImageConfig(JsonNode manifest) {
    String type = manifest.path("config").path("mediaType").asText(MediaTypes.OCI_CONFIG);
    return type.equals(MediaTypes.OCI_CONFIG) || type.equals(MediaTypes.DOCKER_CONFIG);
  }

  /**
   * The layers of a stored manifest, in order, paired with the diff ids its config lists; empty for
   * an artifact whose config is not an image config.
   */
  public record Layer(Digest digest, String mediaType, Digest diffId) {}

  /**
   * Reads a stored manifest and its config and pairs each layer with its diff id.
   *
   * @throws SealerException if the counts differ or the metadata cannot be read
   */
  public static List<Layer> layers(ImageStore store, Digest manifest) throws IOException {
    JsonNode m = MetadataJson.parse(bounded(store, manifest), "manifest " + manifest);
    if (!isImageConfig(m)) {
      return List.of();
    }
    Digest config = Digest.parse(m.path("config").path("digest").asText());
    JsonNode c = MetadataJson.parse(bounded(store, config), "config " + config);
    JsonNode ids = c.path("rootfs").path("diff_ids");
    JsonNode layers = m.path("layers");
    if (ids.size() != layers.size()) {
      throw new SealerException(
          "config "
              + config
              + " lists "
              + ids.size()
              + " diff_ids for the "
              + layers.size()
              + " layers of manifest "
              + manifest);
    }
    List<Layer> result = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      result.add(
          new Layer(
              Digest.parse(layers.get(i).path("digest").asText()),
              layers.get(i).path("mediaType").asText(MediaTypes.OCI_LAYER_GZIP),
              Digest.parse(ids.get(i).asText())));
    }
    return result;
  }

  /**
   * Hashes every layer uncompressed and compares it with its diff id; {@code known} caches results
   * by layer digest across images.
   *
   * @throws SealerException naming the first layer whose content is not what the config says
   */
  public static void verify(ImageStore store, Digest manifest, Map<Digest, Digest> known)
      throws IOException {
    for (Layer layer : layers(store, manifest)) {
      if (layer.mediaType().contains("zstd")) {
        continue; // not decompressed here: mount and extraction refuse it anyway
      }
      Digest actual = known.get(layer.digest());
      if (actual == null) {
        actual = uncompressedDigest(store, layer.digest());
        known.put(layer.digest(), actual);
      }
      check(layer, actual, manifest);
    }
  }

  /** Fails if a layer's uncompressed digest is not its diff id. */
  public static void check(Layer layer, Digest actual, Digest manifest) {
    if (!actual.equals(layer.diffId())) {
      throw new SealerException(
          "layer "
              + layer.digest()
              + " of manifest "
              + manifest
              + " has diff id "
              + actual
              + " but its config says "
              + layer.diffId());
    }
  }

  /** The digest of a stored layer's tar, gunzipped if it is gzip (recognised by its content). */
  static Digest uncompressedDigest(ImageStore store, Digest layer) throws IOException {
    MessageDigest sha = Digest.sha256("0".repeat(64)).newMessageDigest();
    try (InputStream raw = new BufferedInputStream(store.openBlob(layer), 1 << 16)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha.update(buffer, 0, n);
      }
    }
    return Digest.sha256(HexFormat.of().formatHex(sha.digest()));
  }

  private static byte[] bounded(ImageStore store, Digest digest) throws IOException {
    MetadataJson.checkSize(store.blobSize(digest), "blob " + digest);
    return store.readBlob(digest);
  }
}
