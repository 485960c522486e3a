package io.sealer.api.runtime;

import io.sealer.api.SealerException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A phase of a cluster operation that failed on one or more hosts; the message lists every host's
 * reason ("2 of 5 hosts failed in pre-init-host: 10.0.0.3: ...; 10.0.0.5: ..."). The hosts that
 * succeeded keep their work, and running the same command again continues from here.
 */
public class ClusterRunException extends SealerException {
  private static final long serialVersionUID = 1L;

  private final String phase;
  private final Map<String, String> failures;

  /**
   * @param phase the phase that failed
   * @param hosts how many hosts (or the cluster) took part in it
   * @param failures the reason per host address (or {@code cluster}), in order
   */
  public ClusterRunException(String phase, int hosts, Map<String, String> failures) {
    super(message(phase, hosts, failures));
    this.phase = phase;
    this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
  }

  /** The phase that failed. */
  public String phase() {
    return phase;
  }

  /** The reason per host address (or {@code cluster}). */
  public Map<String, String> failures() {
    return failures;
  }

  private static String message(String phase, int hosts, Map<String, String> failures) {
    StringBuilder sb = new StringBuilder();
    if (failures.size() == 1 && hosts == 1) {
      Map.Entry<String, String> only = failures.entrySet().iterator().next();
      sb.append(phase).append(" failed on ").append(only.getKey()).append(": ");
      sb.append(only.getValue());
    } else {
      sb.append(failures.size())
          .append(" of ")
          .append(hosts)
          .append(" hosts failed in ")
          .append(phase)
          .append(':');
      failures.forEach(
          (host, reason) -> sb.append("\n  ").append(host).append(": ").append(reason));
    }
    return sb.toString();
  }
}
