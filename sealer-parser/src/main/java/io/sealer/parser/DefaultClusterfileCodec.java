package io.sealer.parser;

import io.sealer.api.ParseException;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.ClusterfileCodec;
import io.sealer.api.cluster.Plugin;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Objects;

/** The Clusterfile reader and writer. Stateless. */
@Singleton
final class DefaultClusterfileCodec implements ClusterfileCodec {

  @Inject
  DefaultClusterfileCodec() {}

  @Override
  public Clusterfile read(String fileName, String text) {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(text, "text");
    try {
      return new ClusterfileReader(fileName).read(text);
    } catch (ParseException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // A bug of ours must still reach the user as a failure to read this file.
      throw new ParseException(fileName, 0, 0, "could not read: " + e, e);
    }
  }

  @Override
  public List<Plugin> readPlugins(String fileName, String text) {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(text, "text");
    try {
      return new ClusterfileReader(fileName).readPlugins(text);
    } catch (ParseException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new ParseException(fileName, 0, 0, "could not read: " + e, e);
    }
  }

  @Override
  public String write(Clusterfile clusterfile) {
    return new ClusterfileWriter().write(clusterfile);
  }
}
