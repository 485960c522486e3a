package io.sealer.image.build;

import com.google.inject.AbstractModule;
import io.sealer.api.build.ImageBuilder;

/** Binds {@link ImageBuilder} to the Kubefile builder; installed by the image module. */
public final class BuildModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ContainerImageCache.class);
    bind(KubefileBuilder.class);
    bind(ImageBuilder.class).to(KubefileBuilder.class);
  }
}
