package io.sealer.api.image;

import io.sealer.api.ImageReference;
import java.util.List;

/**
 * How Sealer reads image names typed by people (docs/images.md). A name that says where it lives
 * (its first component has a dot or a port, or is {@code localhost}) is taken as it is. An
 * unqualified name may mean two images: one pulled from Docker Hub ({@code nginx} is {@code
 * docker.io/library/nginx}, as with {@code sealer pull nginx}) or one built or tagged locally
 * (Sealer v0.11 names {@code sealer build -t tiny:v1} {@code localhost/tiny:v1}). Lookups try both
 * and fail when both exist and differ, rather than pick one silently.
 */
public final class ImageNames {
  /** The registry name of images built or tagged locally under an unqualified name. */
  public static final String LOCALHOST = "localhost";

  private ImageNames() {}

  /** Whether {@code text} names its registry explicitly. */
  public static boolean isQualified(String text) {
    return ImageReference.hasRegistryHost(text);
  }

  /** The references an image lookup of {@code text} considers, in order of preference. */
  public static List<ImageReference> candidates(String text) {
    ImageReference parsed = ImageReference.parse(text);
    if (isQualified(text)) {
      return List.of(parsed);
    }
    return List.of(parsed, ImageReference.parse(LOCALHOST + "/" + text));
  }

  /**
   * The name given to an image built or tagged locally: {@code text} as it is if qualified, else
   * below {@code localhost/}, as Sealer v0.11 does.
   */
  public static ImageReference forLocalImage(String text) {
    return isQualified(text)
        ? ImageReference.parse(text)
        : ImageReference.parse(LOCALHOST + "/" + text);
  }
}
