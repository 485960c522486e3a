package io.sealer.image.resolve;

import io.sealer.api.image.ImageStore;
import io.sealer.api.resolve.ImageResolver;

/** A plain-Java entry point to image resolution, for programs that do not use Guice. */
public final class ImageResolvers {
  private ImageResolvers() {}

  /** Resolves the images of {@code store}. */
  public static ImageResolver of(ImageStore store) {
    return new StoreImageResolver(store);
  }
}
