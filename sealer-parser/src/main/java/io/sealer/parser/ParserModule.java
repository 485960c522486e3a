package io.sealer.parser;

import com.google.inject.AbstractModule;
import io.sealer.api.kubefile.KubefileParser;

/** Binds the parsers of this module: {@link KubefileParser}. */
public final class ParserModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(KubefileParser.class).to(DefaultKubefileParser.class);
  }
}
