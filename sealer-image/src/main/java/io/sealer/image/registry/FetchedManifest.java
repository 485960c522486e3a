package io.sealer.image.registry;

import io.sealer.api.Digest;
import io.sealer.api.image.Descriptor;

/**
 * Manifest bytes exactly as a registry served them, with their media type and digest.
 *
 * @param bytes the content
 * @param mediaType the media type
 * @param json what the content refers to
 */
record FetchedManifest(byte[] bytes, String mediaType, ManifestJson json) {

  Digest digest() {
    return Digest.sha256Of(bytes);
  }

  Descriptor descriptor() {
    return Descriptor.of(mediaType, digest(), bytes.length);
  }
}
