package io.sealer.runtime.kubernetes.pki;

import java.util.List;

/**
 * What one call wrote: the files (relative to the directory it was given, such as {@code
 * apiserver.crt} or {@code etcd/ca.key}) that were made anew and those that were already there and
 * kept.
 *
 * @param issued files written by this call
 * @param reused files found valid and left as they were
 */
public record PkiReport(List<String> issued, List<String> reused) {
  /** Copies the lists. */
  public PkiReport {
    issued = List.copyOf(issued);
    reused = List.copyOf(reused);
  }
}
