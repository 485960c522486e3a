package io.sealer.runtime;

import com.google.inject.AbstractModule;
import io.sealer.runtime.host.HostModule;

/**
 * The Guice module of sealer-runtime: hosts ({@link io.sealer.api.host.HostConnector}) so far.
 * Needs a binding of {@link io.sealer.api.SealerSettings}.
 */
public final class RuntimeModule extends AbstractModule {
  @Override
  protected void configure() {
    install(new HostModule());
  }
}
