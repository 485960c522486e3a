package io.sealer.image.registry;

import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import java.io.IOException;
import java.util.List;

/** Test fixture: reads back what a stored manifest refers to. */
final class TestImagesSupport {
  private TestImagesSupport() {}

  static List<Descriptor> blobs(ImageStore store, Descriptor manifest) throws IOException {
    return StoredManifest.read(store, manifest).json().blobs();
  }
}
