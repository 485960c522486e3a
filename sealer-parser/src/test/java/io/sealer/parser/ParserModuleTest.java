package io.sealer.parser;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.api.kubefile.KubefileParser;
import org.junit.jupiter.api.Test;

class ParserModuleTest {
  @Test
  void bindsEveryServiceExplicitly() {
    Injector injector =
        Guice.createInjector(
            new AbstractModule() {
              @Override
              protected void configure() {
                binder().requireExplicitBindings();
                install(new ParserModule());
              }
            });
    assertThat(
            injector
                .getInstance(KubefileParser.class)
                .parse("Kubefile", "FROM scratch")
                .isScratch())
        .isTrue();
    assertThat(injector.getInstance(ClusterfileCodec.class)).isNotNull();
    assertThat(injector.getInstance(TemplateRenderer.class).render("t", "x", java.util.Map.of()))
        .isEqualTo("x");
  }
}
