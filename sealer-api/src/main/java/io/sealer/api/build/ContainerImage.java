package io.sealer.api.build;

import io.sealer.api.Platform;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One container image cached inside a ClusterImage, as listed in the {@code
 * sealer.image.container.images} annotation.
 *
 * @param image the normalised reference, e.g. {@code docker.io/library/nginx:latest}
 * @param appName the application whose files named the image, or {@code null}
 * @param platform the platform it was cached for, or {@code null} if not recorded
 */
public record ContainerImage(String image, @Nullable String appName, @Nullable Platform platform) {

  /** Validates the parts. */
  public ContainerImage {
    Objects.requireNonNull(image, "image");
    if (appName != null && appName.isEmpty()) {
      appName = null;
    }
  }
}
