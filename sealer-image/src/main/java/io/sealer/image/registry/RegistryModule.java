package io.sealer.image.registry;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import io.sealer.api.registry.RegistryClient;

/**
 * Binds {@link RegistryClient}. Needs bindings of {@link io.sealer.api.image.ImageStore} and {@link
 * io.sealer.api.SealerSettings} from the modules around it.
 */
public final class RegistryModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(RegistryClient.class).to(DefaultRegistryClient.class).in(Scopes.SINGLETON);
    bind(DefaultRegistryClient.class);
  }
}
