package io.sealer.runtime;

import com.google.inject.AbstractModule;
import io.sealer.api.runtime.ClusterService;
import io.sealer.runtime.host.HostModule;

/**
 * The Guice module of sealer-runtime: hosts ({@link io.sealer.api.host.HostConnector}) and the
 * cluster operations ({@link ClusterService}). Needs the bindings of the image, parser and
 * distribution modules and of {@link io.sealer.api.SealerSettings}.
 */
public final class RuntimeModule extends AbstractModule {
  @Override
  protected void configure() {
    install(new HostModule());
    bind(ClusterImages.class).to(StoreClusterImages.class);
    bind(ClusterService.class).to(ClusterOperations.class);
  }
}
