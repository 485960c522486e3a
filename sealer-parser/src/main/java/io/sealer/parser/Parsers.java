package io.sealer.parser;

import io.sealer.api.kubefile.KubefileParser;

/** Plain-Java entry point for programs that do not use Guice. */
public final class Parsers {
  private Parsers() {}

  /** A Kubefile parser. */
  public static KubefileParser kubefiles() {
    return new DefaultKubefileParser();
  }
}
