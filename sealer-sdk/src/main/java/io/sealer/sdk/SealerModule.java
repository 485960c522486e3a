package io.sealer.sdk;

import com.google.inject.AbstractModule;
import io.sealer.api.SealerSettings;
import io.sealer.api.VersionInfo;
import io.sealer.api.build.ImageBuilder;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.api.event.EventListener;
import io.sealer.api.image.ImageArchives;
import io.sealer.api.image.ImageMounts;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.ImageStoreMaintenance;
import io.sealer.api.kubefile.KubefileParser;
import io.sealer.api.registry.RegistryClient;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.filesystem.distribute.DistributeModule;
import io.sealer.infra.InfraModule;
import io.sealer.ipvs.IpvsModule;
import io.sealer.runtime.RuntimeModule;

/**
 * The cluster side of a {@link Sealer}: hosts, distribution, lvscare, infra providers and the
 * runtime, wired by Guice on top of the instance's own image services ({@link ImageSide}), so that
 * the runtime works on the very store, registry client and resolver the image commands use. Made
 * only when a cluster service is first asked for: an image command never pays for it.
 */
final class SealerModule extends AbstractModule {
  private final ImageSide images;

  SealerModule(ImageSide images) {
    this.images = images;
  }

  @Override
  protected void configure() {
    bind(SealerSettings.class).toInstance(images.settings());
    bind(EventListener.class).toInstance(images.settings().events());
    bind(VersionInfo.class).toInstance(images.version());
    bind(ImageStore.class).toInstance(images.store());
    bind(ImageStoreMaintenance.class).toInstance(images.maintenance());
    bind(ImageResolver.class).toInstance(images.resolver());
    bind(ImageArchives.class).toInstance(images.archives());
    bind(ImageMounts.class).toInstance(images.mounts());
    bind(RegistryClient.class).toInstance(images.registry());
    bind(ImageBuilder.class).toInstance(images.builder());
    bind(KubefileParser.class).toInstance(images.kubefiles());
    bind(ClusterfileCodec.class).toInstance(images.clusterfiles());
    bind(TemplateRenderer.class).toInstance(images.templates());
    install(new IpvsModule());
    install(new DistributeModule());
    install(new RuntimeModule());
    install(new InfraModule());
  }
}
