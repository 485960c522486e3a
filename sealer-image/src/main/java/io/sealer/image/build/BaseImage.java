package io.sealer.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.build.ImageApplication;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.image.StoredImage;
import io.sealer.filesystem.LayerDigests;
import io.sealer.filesystem.LayerReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Starts a build from a stored base image: extracts its layers onto the rootfs and carries over its
 * layers, diff ids, history, config env and labels, and the applications and env of its extension.
 */
final class BaseImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BaseImage() {}

  static void apply(
      ImageStore store, StoredImage image, Platform platform, Path rootfs, BuildState state)
      throws IOException {
    JsonNode manifest = JSON.readTree(store.readBlob(image.manifest().digest()));
    String name = image.names().isEmpty() ? image.id().toString() : image.names().get(0).toString();
    Digest manifestDigest = image.manifest().digest();
    if (manifest.has("manifests")) {
      JsonNode chosen = null;
      for (JsonNode m : manifest.path("manifests")) {
        JsonNode p = m.path("platform");
        Platform candidate =
            new Platform(
                p.path("os").asText("linux"),
                p.path("architecture").asText(""),
                p.hasNonNull("variant") ? p.path("variant").asText() : null);
        if (platform.matches(candidate)) {
          chosen = m;
          break;
        }
      }
      if (chosen == null) {
        throw new SealerException(
            "could not use base image " + name + ": it has no manifest for platform " + platform);
      }
      manifestDigest = Digest.parse(chosen.path("digest").asText());
      manifest = JSON.readTree(store.readBlob(manifestDigest));
    }
    JsonNode config =
        JSON.readTree(
            store.readBlob(Digest.parse(manifest.path("config").path("digest").asText())));
    JsonNode diffIds = config.path("rootfs").path("diff_ids");
    JsonNode layers = manifest.path("layers");
    if (diffIds.size() != layers.size()) {
      throw new SealerException(
          "could not use base image "
              + name
              + ": its config lists "
              + diffIds.size()
              + " diff ids for "
              + layers.size()
              + " layers");
    }
    state.chain = LayerCache.chain(state.chain, manifestDigest);
    for (int i = 0; i < layers.size(); i++) {
      JsonNode l = layers.get(i);
      Digest digest = Digest.parse(l.path("digest").asText());
      try (InputStream in = store.openBlob(digest)) {
        LayerReader.extract(in, rootfs);
      }
      state.layers.add(
          new BuildState.Layer(
              new LayerDigests(
                  Digest.parse(diffIds.get(i).asText()), digest, l.path("size").asLong()),
              l.path("mediaType").asText(MediaTypes.OCI_LAYER_GZIP)));
    }
    for (JsonNode h : config.path("history")) {
      state.history.add(
          new BuildState.History(
              h.path("created_by").asText(""),
              h.path("empty_layer").asBoolean(false),
              h.path("comment").asText("")));
    }
    for (JsonNode e : config.path("config").path("Env")) {
      String kv = e.asText();
      int eq = kv.indexOf('=');
      if (eq > 0) {
        state.configEnv.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    Iterator<Map.Entry<String, JsonNode>> labels = config.path("config").path("Labels").fields();
    while (labels.hasNext()) {
      Map.Entry<String, JsonNode> e = labels.next();
      state.labels.put(e.getKey(), e.getValue().asText());
    }
    JsonNode annotation = manifest.path("annotations").path(ImageExtension.ANNOTATION);
    if (annotation.isTextual()) {
      ImageExtension ext = ImageExtensionJson.read(annotation.asText());
      for (ImageApplication app : ext.applications()) {
        state.apps.put(app.name(), app);
      }
      state.globalEnv.putAll(ext.env());
    }
  }
}
