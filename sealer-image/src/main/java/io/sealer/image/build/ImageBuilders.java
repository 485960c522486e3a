package io.sealer.image.build;

import io.sealer.api.SealerSettings;
import io.sealer.api.VersionInfo;
import io.sealer.api.build.ImageBuilder;
import io.sealer.api.image.ImageStore;
import io.sealer.api.kubefile.KubefileParser;
import io.sealer.api.registry.RegistryClient;
import io.sealer.api.resolve.ImageResolver;

/** A plain-Java entry point to the Kubefile builder, for programs that do not use Guice. */
public final class ImageBuilders {
  private ImageBuilders() {}

  /** Builds into {@code store}, pulling what a Kubefile names through {@code registry}. */
  public static ImageBuilder of(
      ImageStore store,
      KubefileParser parser,
      SealerSettings settings,
      VersionInfo version,
      RegistryClient registry,
      ImageResolver resolver) {
    return new KubefileBuilder(
        store,
        parser,
        settings,
        version,
        new ContainerImageCache(store, registry, settings),
        registry,
        resolver);
  }
}
