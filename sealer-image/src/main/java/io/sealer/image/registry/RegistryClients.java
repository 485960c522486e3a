package io.sealer.image.registry;

import io.sealer.api.SealerSettings;
import io.sealer.api.image.ImageStore;
import io.sealer.api.registry.RegistryClient;

/** A plain-Java entry point to registries, for programs that do not use Guice. */
public final class RegistryClients {
  private RegistryClients() {}

  /**
   * A client that pulls into and pushes from {@code store}, with credentials and CAs under {@code
   * settings.home()} (and Docker's config of this process's {@code $HOME}). Keep one per store: it
   * holds the pooled connections.
   */
  public static RegistryClient of(ImageStore store, SealerSettings settings) {
    return new DefaultRegistryClient(store, settings);
  }
}
