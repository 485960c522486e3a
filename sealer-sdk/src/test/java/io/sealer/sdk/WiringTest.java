package io.sealer.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import io.sealer.api.SealerSettings;
import io.sealer.api.VersionInfo;
import io.sealer.api.event.EventListener;
import io.sealer.api.host.HostConnector;
import io.sealer.api.image.ImageStore;
import io.sealer.api.runtime.ClusterService;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every binding of every module is explicit and resolves, in the image injector and in the cluster
 * one wired below it; and an image-only instance never wires the cluster side.
 */
class WiringTest {
  @TempDir Path root;

  @Test
  void allBindingsAreExplicitAndResolve() {
    SealerSettings settings = new SealerSettings(root, root.resolve("home"), EventListener.NONE);
    Injector injector =
        Guice.createInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                binder().requireExplicitBindings();
                binder().requireAtInjectOnConstructors();
                install(new SealerModule(settings));
              }
            });
    for (Key<?> key : injector.getBindings().keySet()) {
      assertThat(injector.getInstance(key)).as(key.toString()).isNotNull();
    }
    assertThat(injector.getInstance(VersionInfo.class).version()).isNotBlank();
    Injector cluster =
        injector.createChildInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                binder().requireExplicitBindings();
                binder().requireAtInjectOnConstructors();
                install(new SealerModule.ClusterModule());
              }
            });
    for (Key<?> key : cluster.getBindings().keySet()) {
      assertThat(cluster.getInstance(key)).as(key.toString()).isNotNull();
    }
    assertThat(cluster.getInstance(HostConnector.class)).isNotNull();
    assertThat(cluster.getInstance(ClusterService.class)).isNotNull();
    // one store for both sides: the runtime sees what the image commands wrote
    assertThat(cluster.getInstance(ImageStore.class))
        .isSameAs(cluster.getInstance(ImageStore.class));
  }

  @Test
  void theSdkHandsOutClusterServicesOnTopOfTheSameImageServices() {
    Sealer sealer = Sealer.builder().root(root.resolve("s")).home(root.resolve("h")).build();
    assertThat(sealer.registry()).isSameAs(sealer.registry());
    assertThat(sealer.clusters()).isNotNull();
    assertThat(sealer.hosts()).isNotNull();
    assertThat(sealer.distributor()).isNotNull();
    assertThat(sealer.infra("local")).isNotNull();
    assertThat(sealer.registry()).isSameAs(sealer.registry());
  }

  @Test
  void twoInstancesKeepTheirOwnRoots() {
    Sealer a = Sealer.builder().root(root.resolve("a")).build();
    Sealer b = Sealer.builder().root(root.resolve("b")).build();
    assertThat(a.settings().root()).isNotEqualTo(b.settings().root());
  }
}
