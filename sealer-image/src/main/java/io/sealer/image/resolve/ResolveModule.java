package io.sealer.image.resolve;

import com.google.inject.AbstractModule;
import io.sealer.api.resolve.ImageResolver;

/** Binds {@link ImageResolver}; installed by io.sealer.image.ImageModule. */
public final class ResolveModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(StoreImageResolver.class);
    bind(ImageResolver.class).to(StoreImageResolver.class);
  }
}
