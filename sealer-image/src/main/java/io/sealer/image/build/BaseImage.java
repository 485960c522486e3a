package io.sealer.image.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.build.ImageApplication;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.api.resolve.ResolvedImage;
import io.sealer.filesystem.LayerDigests;
import io.sealer.filesystem.LayerReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts a build from a stored base image, resolved for the build's platform: extracts its layers
 * onto the rootfs and carries over its layers, diff ids, history, config env and labels, and the
 * applications and env of its extension.
 */
final class BaseImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BaseImage() {}

  static void apply(ImageStore store, ResolvedImage image, Path rootfs, BuildState state)
      throws IOException {
    state.chain = LayerCache.chain(state.chain, image.manifest().digest());
    List<Descriptor> layers = image.layers();
    for (int i = 0; i < layers.size(); i++) {
      Descriptor l = layers.get(i);
      try (InputStream in = store.openBlob(l.digest())) {
        LayerReader.extract(in, rootfs);
      }
      state.layers.add(
          new BuildState.Layer(
              new LayerDigests(image.diffIds().get(i), l.digest(), l.size()),
              l.mediaType().isEmpty() ? MediaTypes.OCI_LAYER_GZIP : l.mediaType()));
    }
    JsonNode config = JSON.readTree(store.readBlob(image.config().digest()));
    for (JsonNode h : config.path("history")) {
      state.history.add(
          new BuildState.History(
              h.path("created_by").asText(""),
              h.path("empty_layer").asBoolean(false),
              h.path("comment").asText("")));
    }
    for (String kv : image.env()) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        state.configEnv.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    state.labels.putAll(image.labels());
    for (ImageApplication app : image.extension().applications()) {
      state.apps.put(app.name(), app);
    }
    state.globalEnv.putAll(image.extension().env());
  }
}
