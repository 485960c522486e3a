package io.sealer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import java.io.IOException;

/** Facts about a stored image for listings: creation time, size, platform. */
record ImageDetails(String created, long size, String platform) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ImageDetails of(ImageStore store, StoredImage image) throws IOException {
    JsonNode manifest = JSON.readTree(store.readBlob(image.manifest().digest()));
    if (manifest.has("manifests")) {
      long size = image.manifest().size();
      StringBuilder platforms = new StringBuilder();
      String created = "";
      for (JsonNode m : manifest.path("manifests")) {
        Digest d = Digest.parse(m.path("digest").asText());
        if (!store.hasBlob(d)) {
          continue;
        }
        ImageDetails child =
            ofManifest(store, JSON.readTree(store.readBlob(d)), m.path("size").asLong());
        size += child.size;
        created = child.created.compareTo(created) > 0 ? child.created : created;
        platforms.append(platforms.length() > 0 ? "," : "").append(child.platform);
      }
      return new ImageDetails(created, size, platforms.toString());
    }
    return ofManifest(store, manifest, image.manifest().size());
  }

  private static ImageDetails ofManifest(ImageStore store, JsonNode manifest, long manifestSize)
      throws IOException {
    long size = manifestSize + manifest.path("config").path("size").asLong();
    for (JsonNode layer : manifest.path("layers")) {
      size += layer.path("size").asLong();
    }
    JsonNode config =
        JSON.readTree(
            store.readBlob(Digest.parse(manifest.path("config").path("digest").asText())));
    String platform = config.path("os").asText("") + "/" + config.path("architecture").asText("");
    if (config.hasNonNull("variant")) {
      platform += "/" + config.get("variant").asText();
    }
    return new ImageDetails(config.path("created").asText(""), size, platform);
  }

  /** Sizes as people read them: 1.2 MB. */
  static String humanSize(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    double v = bytes;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.3g %s", v, units[u]);
  }
}
