package io.sealer.api.image;

import io.sealer.api.Digest;
import io.sealer.api.Platform;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OCI content descriptor: what a manifest or index says about one piece of content.
 *
 * @param mediaType e.g. {@code application/vnd.oci.image.manifest.v1+json}
 * @param digest the content's digest
 * @param size the content's size in bytes
 * @param platform the platform of a manifest inside an index, else {@code null}
 * @param annotations annotations of the descriptor (empty if none)
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    @Nullable Platform platform,
    Map<String, String> annotations) {

  /** Validates and copies the parts. */
  public Descriptor {
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(digest, "digest");
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    annotations = Map.copyOf(annotations);
  }

  /** A descriptor without platform or annotations. */
  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, Map.of());
  }
}
