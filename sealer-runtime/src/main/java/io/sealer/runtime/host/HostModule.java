package io.sealer.runtime.host;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import io.sealer.api.SealerSettings;
import io.sealer.api.host.HostConnector;
import jakarta.inject.Singleton;

/**
 * Binds {@link HostConnector} with {@link HostSettings#defaults} for the Sealer home of the bound
 * {@link SealerSettings} (so new host keys are recorded in {@code <home>/known_hosts}).
 */
public final class HostModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(HostConnector.class).to(DefaultHostConnector.class);
  }

  @Provides
  @Singleton
  HostSettings hostSettings(SealerSettings settings) {
    return HostSettings.defaults(settings.home());
  }
}
