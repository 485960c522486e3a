package io.sealer.image.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealer.api.Digest;
import io.sealer.api.Platform;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Writes the OCI config and manifest of a finished build into the store. */
final class ImageAssembler {
  /** The PATH buildah puts into every config, which Sealer's images therefore carry. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageAssembler() {}

  /** Stores config and manifest; returns the manifest's descriptor. */
  static Descriptor write(
      ImageStore store,
      BuildState state,
      Platform platform,
      Instant created,
      Map<String, String> annotations)
      throws IOException {
    ObjectNode config = JSON.createObjectNode();
    config.put("created", created.toString());
    if (!state.author.isEmpty()) {
      config.put("author", state.author);
    }
    config.put("architecture", platform.architecture());
    config.put("os", platform.os());
    if (platform.variant() != null) {
      config.put("variant", platform.variant());
    }
    ObjectNode inner = config.putObject("config");
    ArrayNode env = inner.putArray("Env");
    if (!state.configEnv.containsKey("PATH")) {
      env.add("PATH=" + DEFAULT_PATH);
    }
    state.configEnv.forEach((k, v) -> env.add(k + "=" + v));
    ObjectNode labels = inner.putObject("Labels");
    state.labels.forEach(labels::put);
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    state.diffIds().forEach(d -> diffIds.add(d.toString()));
    ArrayNode history = config.putArray("history");
    for (BuildState.History h : state.history) {
      ObjectNode entry = history.addObject();
      entry.put("created", created.toString());
      entry.put("created_by", h.createdBy());
      if (!h.comment().isEmpty()) {
        entry.put("comment", h.comment());
      }
      if (h.emptyLayer()) {
        entry.put("empty_layer", true);
      }
    }
    byte[] configBytes = JSON.writeValueAsBytes(config);
    Digest configDigest = store.putBlob(configBytes);

    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MediaTypes.OCI_MANIFEST);
    ObjectNode cfg = manifest.putObject("config");
    cfg.put("mediaType", MediaTypes.OCI_CONFIG);
    cfg.put("digest", configDigest.toString());
    cfg.put("size", configBytes.length);
    ArrayNode layers = manifest.putArray("layers");
    for (BuildState.Layer l : state.layers) {
      ObjectNode d = layers.addObject();
      d.put("mediaType", l.mediaType());
      d.put("digest", l.digests().digest().toString());
      d.put("size", l.digests().size());
    }
    if (!annotations.isEmpty()) {
      ObjectNode a = manifest.putObject("annotations");
      annotations.forEach(a::put);
    }
    byte[] manifestBytes = JSON.writeValueAsString(manifest).getBytes(StandardCharsets.UTF_8);
    Digest manifestDigest = store.putBlob(manifestBytes);
    return Descriptor.of(MediaTypes.OCI_MANIFEST, manifestDigest, manifestBytes.length);
  }

  /** Stores an OCI index of per-platform manifests; returns its descriptor. */
  static Descriptor writeIndex(ImageStore store, java.util.List<Descriptor> manifests)
      throws IOException {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode list = index.putArray("manifests");
    for (Descriptor m : manifests) {
      ObjectNode d = list.addObject();
      d.put("mediaType", m.mediaType());
      d.put("digest", m.digest().toString());
      d.put("size", m.size());
      Platform p = java.util.Objects.requireNonNull(m.platform(), "platform");
      ObjectNode platform = d.putObject("platform");
      platform.put("architecture", p.architecture());
      platform.put("os", p.os());
      if (p.variant() != null) {
        platform.put("variant", p.variant());
      }
    }
    byte[] bytes = JSON.writeValueAsString(index).getBytes(StandardCharsets.UTF_8);
    Digest digest = store.putBlob(bytes);
    return Descriptor.of(MediaTypes.OCI_INDEX, digest, bytes.length);
  }
}
