package io.sealer.api.cluster;

import io.sealer.api.ParseException;
import java.util.List;

/** Reads and writes Clusterfiles. Thread-safe. Touches no files. */
public interface ClusterfileCodec {

  /**
   * Reads a multi-document Clusterfile, applies the defaults and checks it.
   *
   * @param fileName the name used in errors, e.g. {@code Clusterfile}
   * @param text the whole file
   * @throws ParseException naming the file, line and the bad value, e.g. {@code Clusterfile:9:
   *     invalid IP 10.0.0.345 in spec.hosts[0].ips}; no other exception escapes
   */
  Clusterfile read(String fileName, String text);

  /**
   * Reads the {@code kind: Plugin} documents of a file that need not hold a Cluster (the YAML files
   * of an image's {@code plugins/} directory); other kinds are skipped.
   *
   * @throws ParseException naming the file and line of a bad document
   */
  List<Plugin> readPlugins(String fileName, String text);

  /**
   * Writes a Clusterfile as multi-document YAML ({@code sealer.io/v2} Cluster and Application,
   * {@code sealer.io/v1} Config and Plugin). Reading the result gives an equal model.
   */
  String write(Clusterfile clusterfile);
}
