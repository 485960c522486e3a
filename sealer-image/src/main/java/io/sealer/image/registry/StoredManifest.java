package io.sealer.image.registry;

import io.sealer.api.Digest;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.ImageStore;
import java.io.IOException;

/**
 * A manifest or index read from the local store, its bytes kept exactly.
 *
 * @param bytes the content
 * @param mediaType its media type
 * @param json what it refers to
 */
record StoredManifest(byte[] bytes, String mediaType, ManifestJson json) {

  static StoredManifest read(ImageStore store, Descriptor descriptor) throws IOException {
    byte[] bytes = store.readBlob(descriptor.digest());
    ManifestJson json = ManifestJson.parse(bytes, descriptor.mediaType());
    return new StoredManifest(bytes, json.mediaType(), json);
  }

  Digest digest() {
    return Digest.sha256Of(bytes);
  }

  Descriptor descriptor() {
    return Descriptor.of(mediaType, digest(), bytes.length);
  }
}
