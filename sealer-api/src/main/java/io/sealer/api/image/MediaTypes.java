package io.sealer.api.image;

import java.util.Set;

/** The OCI and Docker media types Sealer reads and writes. */
public final class MediaTypes {
  private MediaTypes() {}

  /** OCI image manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** OCI image index (a manifest list). */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** OCI image config. */
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";

  /** OCI gzip-compressed layer. */
  public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";

  /** OCI uncompressed layer. */
  public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";

  /** Docker v2 schema 2 manifest. */
  public static final String DOCKER_MANIFEST =
      "application/vnd.docker.distribution.manifest.v2+json";

  /** Docker manifest list. */
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";

  /** Docker image config. */
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";

  /** Docker gzip-compressed layer. */
  public static final String DOCKER_LAYER_GZIP =
      "application/vnd.docker.image.rootfs.diff.tar.gzip";

  /** Manifest types of a single-platform image. */
  public static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);

  /** Manifest types of a multi-platform image. */
  public static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);

  /** Whether the type is an index or a manifest list. */
  public static boolean isIndex(String mediaType) {
    return INDEXES.contains(mediaType);
  }

  /** Whether the type is a single-platform manifest. */
  public static boolean isManifest(String mediaType) {
    return MANIFESTS.contains(mediaType);
  }
}
