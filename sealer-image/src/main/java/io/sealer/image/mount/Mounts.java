package io.sealer.image.mount;

import io.sealer.api.SealerSettings;
import io.sealer.api.image.ImageMounts;
import io.sealer.api.image.ImageStore;
import io.sealer.api.resolve.ImageResolver;

/** A plain-Java entry point to image mounts, for programs that do not use Guice. */
public final class Mounts {
  private Mounts() {}

  /** Mounts images of {@code store} under {@code settings.root()/mounts}. */
  public static ImageMounts of(ImageStore store, ImageResolver resolver, SealerSettings settings) {
    return new CopyImageMounts(store, resolver, settings);
  }
}
