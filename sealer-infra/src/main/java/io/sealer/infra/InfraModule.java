package io.sealer.infra;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.sealer.api.SealerSettings;
import io.sealer.api.infra.InfraProvider;
import jakarta.inject.Inject;
import jakarta.inject.Provider;

/**
 * The Guice module of sealer-infra: a {@code Map<String, InfraProvider>} with {@code local} (state
 * in {@code <root>/infra}) and {@code baremetal}. Needs a binding of {@link SealerSettings}.
 */
public final class InfraModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder<String, InfraProvider> providers =
        MapBinder.newMapBinder(binder(), String.class, InfraProvider.class);
    providers.addBinding(LocalProvider.NAME).toProvider(LocalFromSettings.class);
    providers.addBinding(BaremetalProvider.NAME).toProvider(BaremetalProvider::new);
    bind(LocalFromSettings.class);
  }

  /** Makes the local provider from the instance's settings. */
  static final class LocalFromSettings implements Provider<InfraProvider> {
    private final SealerSettings settings;

    @Inject
    LocalFromSettings(SealerSettings settings) {
      this.settings = settings;
    }

    @Override
    public InfraProvider get() {
      return InfraProviders.local(settings.root().resolve("infra"), settings.events());
    }
  }
}
