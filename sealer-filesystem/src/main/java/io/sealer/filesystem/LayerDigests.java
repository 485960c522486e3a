package io.sealer.filesystem;

import io.sealer.api.Digest;
import java.util.Objects;

/**
 * The digests of one written layer.
 *
 * @param diffId the digest of the uncompressed tar (what an image config lists)
 * @param digest the digest of the compressed blob (what a manifest lists)
 * @param size the size of the compressed blob in bytes
 */
public record LayerDigests(Digest diffId, Digest digest, long size) {
  /** Validates the parts. */
  public LayerDigests {
    Objects.requireNonNull(diffId, "diffId");
    Objects.requireNonNull(digest, "digest");
  }
}
