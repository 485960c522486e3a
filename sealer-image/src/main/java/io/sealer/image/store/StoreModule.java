package io.sealer.image.store;

import com.google.inject.AbstractModule;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.ImageStoreMaintenance;

/** Binds the store's interfaces to its one implementation; installed by ImageModule. */
public final class StoreModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(OciImageStore.class);
    bind(ImageStore.class).to(OciImageStore.class);
    bind(ImageStoreMaintenance.class).to(OciImageStore.class);
  }
}
