package io.sealer.parser;

import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.api.kubefile.KubefileParser;

/** Plain-Java entry point for programs that do not use Guice. */
public final class Parsers {
  private Parsers() {}

  /** A Kubefile parser. */
  public static KubefileParser kubefiles() {
    return new DefaultKubefileParser();
  }

  /** A Clusterfile reader and writer. */
  public static ClusterfileCodec clusterfiles() {
    return new DefaultClusterfileCodec();
  }

  /** A renderer of {@code *.tmpl} files. */
  public static TemplateRenderer templates() {
    return new DefaultTemplateRenderer();
  }
}
