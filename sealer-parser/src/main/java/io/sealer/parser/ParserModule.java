package io.sealer.parser;

import com.google.inject.AbstractModule;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.api.kubefile.KubefileParser;

/**
 * Binds the parsers of this module: {@link KubefileParser}, {@link ClusterfileCodec} and {@link
 * TemplateRenderer}.
 */
public final class ParserModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(KubefileParser.class).to(DefaultKubefileParser.class);
    bind(ClusterfileCodec.class).to(DefaultClusterfileCodec.class);
    bind(TemplateRenderer.class).to(DefaultTemplateRenderer.class);
  }
}
