package io.sealer.image.archive;

import com.google.inject.AbstractModule;
import io.sealer.api.image.ImageArchives;

/** Binds {@link ImageArchives}; installed by io.sealer.image.ImageModule. */
public final class ArchiveModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(DefaultImageArchives.class);
    bind(ImageArchives.class).to(DefaultImageArchives.class);
  }
}
