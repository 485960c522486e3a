package io.sealer.image;

import com.google.inject.AbstractModule;
import io.sealer.image.archive.ArchiveModule;
import io.sealer.image.store.StoreModule;

/**
 * The Guice module of sealer-image: the local image store ({@link io.sealer.api.image.ImageStore},
 * {@link io.sealer.api.image.ImageStoreMaintenance}), archives and the Kubefile builder ({@link
 * io.sealer.api.build.ImageBuilder}). Needs a binding of {@link io.sealer.api.SealerSettings}.
 */
public final class ImageModule extends AbstractModule {
  @Override
  protected void configure() {
    install(new StoreModule());
    install(new ArchiveModule());
    install(new io.sealer.image.build.BuildModule());
  }
}
