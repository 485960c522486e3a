package io.sealer.api.registry;

import io.sealer.api.ImageReference;
import io.sealer.api.image.Descriptor;
import java.util.Objects;

/**
 * What a push did.
 *
 * @param image where the image was pushed
 * @param manifest the manifest or index pushed (its digest is the registry's digest of the image)
 * @param blobsUploaded blobs sent
 * @param blobsSkipped blobs the registry already had
 * @param blobsMounted blobs mounted from another repository of the same registry
 * @param bytesUploaded bytes of blob content sent, counting bytes sent again
 * @param bytesResent bytes sent again after a failure
 */
public record PushResult(
    ImageReference image,
    Descriptor manifest,
    int blobsUploaded,
    int blobsSkipped,
    int blobsMounted,
    long bytesUploaded,
    long bytesResent) {

  /** Validates the parts. */
  public PushResult {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(manifest, "manifest");
  }
}
