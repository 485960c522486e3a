package io.sealer.image.registry;

import io.sealer.api.Digest;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Test fixture: writes real OCI images (tar.gz layers of random files) into a store. */
final class TestImages {
  private TestImages() {}

  /** Writes one layer: a tar.gz holding one file of {@code size} random bytes. */
  static Descriptor layer(ImageStore store, long seed, int size) throws IOException {
    Random random = new Random(seed);
    Digest digest;
    try (BlobWriter writer = store.newBlob(null)) {
      OutputStream gz = new GZIPOutputStream(writer.stream(), 1 << 16);
      TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
      TarArchiveEntry entry = new TarArchiveEntry("data/file-" + seed + ".bin");
      entry.setSize(size);
      entry.setModTime(0);
      tar.putArchiveEntry(entry);
      byte[] chunk = new byte[1 << 16];
      for (int left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        tar.write(chunk, 0, Math.min(left, chunk.length));
      }
      tar.closeArchiveEntry();
      tar.finish();
      gz.flush();
      ((GZIPOutputStream) gz).finish();
      writer.stream().flush();
      digest = writer.commit();
    }
    return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, digest, store.blobSize(digest));
  }

  /** Writes a single-platform OCI image with one layer per size and names it. */
  static Descriptor image(ImageStore store, ImageReference name, long seed, int... layerSizes)
      throws IOException {
    Descriptor manifest = manifest(store, Platform.LINUX_AMD64, seed, layerSizes);
    store.setName(name, manifest);
    return manifest;
  }

  /** Writes an OCI manifest with its config and layers (not named). */
  static Descriptor manifest(ImageStore store, Platform platform, long seed, int... layerSizes)
      throws IOException {
    List<Descriptor> layers = new ArrayList<>();
    for (int i = 0; i < layerSizes.length; i++) {
      layers.add(layer(store, seed * 100 + i, layerSizes[i]));
    }
    StringBuilder diffIds = new StringBuilder();
    for (Descriptor l : layers) {
      diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(l.digest()).append('"');
    }
    String config =
        "{\"architecture\":\""
            + platform.architecture()
            + "\",\"os\":\""
            + platform.os()
            + "\",\"config\":{\"Labels\":{\"seed\":\""
            + seed
            + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":["
            + diffIds
            + "]}}";
    byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
    Digest configDigest = store.putBlob(configBytes);
    StringBuilder json = new StringBuilder();
    json.append("{\"schemaVersion\":2,\"mediaType\":\"").append(MediaTypes.OCI_MANIFEST);
    json.append("\",\"config\":")
        .append(descriptorJson(MediaTypes.OCI_CONFIG, configDigest, configBytes.length));
    json.append(",\"layers\":[");
    for (int i = 0; i < layers.size(); i++) {
      Descriptor l = layers.get(i);
      json.append(i == 0 ? "" : ",").append(descriptorJson(l.mediaType(), l.digest(), l.size()));
    }
    json.append("],\"annotations\":{\"sealer.test\":\"").append(seed).append("\"}}");
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    return Descriptor.of(MediaTypes.OCI_MANIFEST, store.putBlob(bytes), bytes.length);
  }

  /** Writes an OCI index over manifests of the given platforms and names it. */
  static Descriptor index(ImageStore store, ImageReference name, long seed, Platform... platforms)
      throws IOException {
    StringBuilder json = new StringBuilder();
    json.append("{\"schemaVersion\":2,\"mediaType\":\"").append(MediaTypes.OCI_INDEX);
    json.append("\",\"manifests\":[");
    int i = 0;
    for (Platform p : platforms) {
      Descriptor m = manifest(store, p, seed + i, 20_000 + i, 300_000);
      String d = descriptorJson(m.mediaType(), m.digest(), m.size());
      json.append(i++ == 0 ? "" : ",");
      json.append(d, 0, d.length() - 1);
      json.append(",\"platform\":{\"architecture\":\"").append(p.architecture());
      json.append("\",\"os\":\"").append(p.os()).append("\"}}");
    }
    json.append("]}");
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    Descriptor index = Descriptor.of(MediaTypes.OCI_INDEX, store.putBlob(bytes), bytes.length);
    store.setName(name, index);
    return index;
  }

  private static String descriptorJson(String mediaType, Digest digest, long size) {
    return "{\"mediaType\":\""
        + mediaType
        + "\",\"digest\":\""
        + digest
        + "\",\"size\":"
        + size
        + "}";
  }

  static Map<String, String> none() {
    return Map.of();
  }
}
