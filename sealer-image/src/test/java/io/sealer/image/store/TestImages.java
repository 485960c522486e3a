package io.sealer.image.store;

import io.sealer.api.Digest;
import io.sealer.api.image.BlobWriter;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.MediaTypes;
import io.sealer.filesystem.LayerDigests;
import io.sealer.filesystem.LayerWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small real images (tar.gz layer, OCI config, OCI manifest) into a store for tests. */
public final class TestImages {
  private TestImages() {}

  /** Stores a one-layer image whose only file holds {@code text}; returns its manifest. */
  public static Descriptor put(ImageStore store, Path scratch, String text) throws Exception {
    Path dir = Files.createTempDirectory(scratch, "layer");
    Files.writeString(dir.resolve("hello.txt"), text);
    LayerDigests layer;
    Digest stored;
    try (BlobWriter w = store.newBlob(null)) {
      layer = new LayerWriter().addDirectory(dir).writeTo(w.stream());
      stored = w.commit();
    }
    if (!stored.equals(layer.digest())) {
      throw new AssertionError("writer and store disagree on the layer digest");
    }
    String config =
        "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"t\":\""
            + text
            + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
            + layer.diffId()
            + "\"]}}";
    byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
    Digest configDigest = store.putBlob(configBytes);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":{\"mediaType\":\""
            + MediaTypes.OCI_CONFIG
            + "\",\"digest\":\""
            + configDigest
            + "\",\"size\":"
            + configBytes.length
            + "},\"layers\":[{\"mediaType\":\""
            + MediaTypes.OCI_LAYER_GZIP
            + "\",\"digest\":\""
            + layer.digest()
            + "\",\"size\":"
            + layer.size()
            + "}]}";
    byte[] manifestBytes = manifest.getBytes(StandardCharsets.UTF_8);
    return Descriptor.of(
        MediaTypes.OCI_MANIFEST, store.putBlob(manifestBytes), manifestBytes.length);
  }
}
