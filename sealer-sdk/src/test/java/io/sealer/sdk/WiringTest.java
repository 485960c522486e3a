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
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every binding of every module is explicit, and every SDK service can be created. */
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
    assertThat(injector.getInstance(HostConnector.class)).isNotNull();
  }

  @Test
  void twoInstancesKeepTheirOwnRoots() {
    Sealer a = Sealer.builder().root(root.resolve("a")).build();
    Sealer b = Sealer.builder().root(root.resolve("b")).build();
    assertThat(a.settings().root()).isNotEqualTo(b.settings().root());
  }
}
