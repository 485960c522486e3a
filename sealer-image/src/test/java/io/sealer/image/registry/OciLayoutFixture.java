package io.sealer.image.registry;

import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixture: writes a stored single-platform image as an OCI image layout directory. */
final class OciLayoutFixture {
  private OciLayoutFixture() {}

  static Path write(ImageStore store, Descriptor manifest, Path dir, String tag)
      throws IOException {
    Path blobs = dir.resolve("blobs/sha256");
    Files.createDirectories(blobs);
    copy(store, manifest, blobs);
    for (Descriptor d : TestImagesSupport.blobs(store, manifest)) {
      copy(store, d, blobs);
    }
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
            + manifest.mediaType()
            + "\",\"digest\":\""
            + manifest.digest()
            + "\",\"size\":"
            + manifest.size()
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
            + tag
            + "\"}}]}");
    return dir;
  }

  private static void copy(ImageStore store, Descriptor d, Path blobs) throws IOException {
    try (InputStream in = store.openBlob(d.digest())) {
      Files.copy(in, blobs.resolve(d.digest().hex()));
    }
  }
}
