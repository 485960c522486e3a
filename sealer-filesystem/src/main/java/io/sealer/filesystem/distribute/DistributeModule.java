package io.sealer.filesystem.distribute;

import com.google.inject.AbstractModule;
import io.sealer.api.distribute.Distributor;

/** Binds {@link Distributor}; needs a binding of {@link io.sealer.api.event.EventListener}. */
public final class DistributeModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(RootfsDistributor.class);
    bind(Distributor.class).to(RootfsDistributor.class);
  }
}
