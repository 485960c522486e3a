package io.sealer.image.mount;

import com.google.inject.AbstractModule;
import io.sealer.api.image.ImageMounts;

/** Binds {@link ImageMounts}; installed by io.sealer.image.ImageModule. */
public final class MountModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(CopyImageMounts.class);
    bind(ImageMounts.class).to(CopyImageMounts.class);
  }
}
