package io.sealer.ipvs;

import com.google.inject.AbstractModule;

/**
 * Binds this module's stateless services: {@link LvscareManifests}. A {@link Lvscare} is made per
 * machine with {@link Lvscare#builder()}, since it is tied to where its commands run.
 */
public final class IpvsModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(LvscareManifests.class);
  }
}
