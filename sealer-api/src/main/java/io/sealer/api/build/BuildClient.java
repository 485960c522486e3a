package io.sealer.api.build;

import java.util.Objects;

/**
 * The tool that built a ClusterImage, as recorded in the image extension's {@code buildClient}.
 *
 * @param sealerVersion the builder's version, e.g. {@code v0.11.0}
 * @param buildahVersion the buildah version Sealer used; our builder records "" (no buildah)
 */
public record BuildClient(String sealerVersion, String buildahVersion) {

  /** An empty build client, for images that record none. */
  public static final BuildClient NONE = new BuildClient("", "");

  /** Validates the parts. */
  public BuildClient {
    Objects.requireNonNull(sealerVersion, "sealerVersion");
    Objects.requireNonNull(buildahVersion, "buildahVersion");
  }
}
