package io.sealer.image;

import com.google.inject.AbstractModule;
import io.sealer.image.archive.ArchiveModule;
import io.sealer.image.mount.MountModule;
import io.sealer.image.registry.RegistryModule;
import io.sealer.image.store.StoreModule;

/**
 * The Guice module of sealer-image: the local image store ({@link io.sealer.api.image.ImageStore},
 * {@link io.sealer.api.image.ImageStoreMaintenance}), archives, mounts, the image resolver ({@link
 * io.sealer.api.resolve.ImageResolver}), the registry client and the Kubefile builder ({@link
 * io.sealer.api.build.ImageBuilder}). One Guice module per library: the sub-packages' modules exist
 * because their classes are package-private. Needs a binding of {@link
 * io.sealer.api.SealerSettings}.
 */
public final class ImageModule extends AbstractModule {
  @Override
  protected void configure() {
    install(new StoreModule());
    install(new ArchiveModule());
    install(new MountModule());
    install(new RegistryModule());
    install(new io.sealer.image.build.BuildModule());
    install(new io.sealer.image.resolve.ResolveModule());
  }
}
