package io.sealer.api.registry;

import io.sealer.api.ImageReference;
import io.sealer.api.image.Descriptor;
import java.util.Objects;

/**
 * What a pull did.
 *
 * @param image the name the image is stored under
 * @param manifest the manifest (or index) stored, byte for byte as the registry served it
 * @param blobsDownloaded blobs fetched
 * @param blobsSkipped blobs already in the store
 * @param bytesDownloaded bytes of blob content received, counting bytes received again
 * @param bytesResent bytes received again after a failure
 * @param fromRegistry false when the policy let the local image be used without asking
 */
public record PullResult(
    ImageReference image,
    Descriptor manifest,
    int blobsDownloaded,
    int blobsSkipped,
    long bytesDownloaded,
    long bytesResent,
    boolean fromRegistry) {

  /** Validates the parts. */
  public PullResult {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(manifest, "manifest");
  }
}
