package io.sealer.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import io.sealer.api.SealerSettings;
import io.sealer.api.VersionInfo;
import io.sealer.api.build.ImageBuilder;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.api.event.EventListener;
import io.sealer.api.host.HostConnector;
import io.sealer.api.image.ImageArchives;
import io.sealer.api.image.ImageMounts;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.ImageStoreMaintenance;
import io.sealer.api.kubefile.KubefileParser;
import io.sealer.api.registry.RegistryClient;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.api.runtime.ClusterService;
import io.sealer.image.ImageModule;
import io.sealer.parser.ParserModule;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two wirings of the image side agree (the SDK's by hand, {@link ImageSide}; the libraries'
 * Guice modules for programs that use Guice), every binding of the cluster side is explicit and
 * resolves on top of the SDK's image services, and an image-only use never wires the cluster side.
 */
class WiringTest {
  @TempDir Path root;

  private SealerSettings settings() {
    return new SealerSettings(root, root.resolve("home"), EventListener.NONE);
  }

  /** Each image-side service, as the SDK makes it. */
  private static final Map<Class<?>, Function<ImageSide, Object>> IMAGE_SIDE =
      Map.ofEntries(
          Map.entry(ImageStore.class, ImageSide::store),
          Map.entry(ImageStoreMaintenance.class, ImageSide::maintenance),
          Map.entry(ImageResolver.class, ImageSide::resolver),
          Map.entry(ImageArchives.class, ImageSide::archives),
          Map.entry(ImageMounts.class, ImageSide::mounts),
          Map.entry(RegistryClient.class, ImageSide::registry),
          Map.entry(ImageBuilder.class, ImageSide::builder),
          Map.entry(KubefileParser.class, ImageSide::kubefiles),
          Map.entry(ClusterfileCodec.class, ImageSide::clusterfiles),
          Map.entry(TemplateRenderer.class, ImageSide::templates));

  @Test
  void theGuiceModulesWireTheSameClassesAsTheSdk() {
    SealerSettings settings = settings();
    ImageSide side = new ImageSide(settings);
    Injector guice =
        Guice.createInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                binder().requireExplicitBindings();
                binder().requireAtInjectOnConstructors();
                bind(SealerSettings.class).toInstance(settings);
                bind(EventListener.class).toInstance(settings.events());
                bind(VersionInfo.class).toInstance(side.version());
                install(new ImageModule());
                install(new ParserModule());
              }
            });
    for (Key<?> key : guice.getBindings().keySet()) {
      assertThat(guice.getInstance(key)).as(key.toString()).isNotNull();
    }
    for (Map.Entry<Class<?>, Function<ImageSide, Object>> e : IMAGE_SIDE.entrySet()) {
      assertThat(e.getValue().apply(side).getClass())
          .as(e.getKey().getName())
          .isEqualTo(guice.getInstance(e.getKey()).getClass());
    }
    // every service the Guice modules offer (beyond the three inputs bound above) the SDK offers
    for (Key<?> key : guice.getBindings().keySet()) {
      Class<?> type = key.getTypeLiteral().getRawType();
      if (type.isInterface()
          && type.getPackageName().startsWith("io.sealer.api.")
          && type != EventListener.class) {
        assertThat(IMAGE_SIDE).as(type.getName()).containsKey(type);
      }
    }
    assertThat(side.version().version()).isNotBlank();
  }

  @Test
  void theClusterSideResolvesOnTheSdksOwnImageServices() {
    ImageSide side = new ImageSide(settings());
    Injector cluster =
        Guice.createInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                binder().requireExplicitBindings();
                binder().requireAtInjectOnConstructors();
                install(new SealerModule(side));
              }
            });
    for (Key<?> key : cluster.getBindings().keySet()) {
      assertThat(cluster.getInstance(key)).as(key.toString()).isNotNull();
    }
    assertThat(cluster.getInstance(HostConnector.class)).isNotNull();
    assertThat(cluster.getInstance(ClusterService.class)).isNotNull();
    // one store, one registry client for both sides: the runtime sees what image commands wrote
    for (Map.Entry<Class<?>, Function<ImageSide, Object>> e : IMAGE_SIDE.entrySet()) {
      assertThat(cluster.getInstance(e.getKey()))
          .as(e.getKey().getName())
          .isSameAs(e.getValue().apply(side));
    }
  }

  @Test
  void imageServicesAreMadeOnceAndWithoutTheClusterSide() {
    Sealer sealer = Sealer.builder().root(root.resolve("s")).home(root.resolve("h")).build();
    assertThat(sealer.registry()).isSameAs(sealer.registry());
    assertThat(sealer.images()).isSameAs(sealer.images());
    assertThat(sealer.imageBuilder()).isSameAs(sealer.imageBuilder());
    assertThat(sealer.archives()).isNotNull();
    assertThat(sealer.mounts()).isNotNull();
    assertThat(sealer.imageResolver()).isNotNull();
    assertThat(sealer.imageMaintenance()).isNotNull();
    assertThat(sealer.kubefiles()).isNotNull();
    assertThat(sealer.version().version()).isNotBlank();
    assertThat(sealer.clusterWired()).isFalse();
    assertThat(sealer.clusters()).isNotNull();
    assertThat(sealer.clusterWired()).isTrue();
    assertThat(sealer.hosts()).isNotNull();
    assertThat(sealer.distributor()).isNotNull();
    assertThat(sealer.infra("local")).isNotNull();
  }

  @Test
  void twoInstancesKeepTheirOwnRoots() {
    Sealer a = Sealer.builder().root(root.resolve("a")).build();
    Sealer b = Sealer.builder().root(root.resolve("b")).build();
    assertThat(a.settings().root()).isNotEqualTo(b.settings().root());
    assertThat(a.images()).isNotSameAs(b.images());
  }
}
