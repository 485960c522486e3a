package io.sealer.api.build;

import io.sealer.api.image.StoredImage;

/**
 * Builds ClusterImages from Kubefiles into the local image store, without a container engine.
 * Thread-safe; reports progress and per-step lines as events.
 */
public interface ImageBuilder {

  /**
   * Builds the image and names it {@link BuildRequest#tag()}.
   *
   * @return the stored image
   * @throws io.sealer.api.ParseException for an error in the Kubefile ({@code Kubefile:LINE:
   *     reason})
   * @throws io.sealer.api.SealerException if a step fails; no image name is left behind then
   */
  StoredImage build(BuildRequest request);
}
