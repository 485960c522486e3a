package io.sealer.ipvs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The TCP services of {@code ipvsadm -S -n} (save format: {@code -A -t VIP -s rr} and {@code -a -t
 * VIP -r RS -m -w 1} lines), keyed by {@code IP:PORT} as {@link Endpoint#toString()} writes it.
 */
final class IpvsTable {
  private IpvsTable() {}

  /** One virtual service. */
  record Service(String vip, String scheduler, Map<String, Destination> destinations) {}

  /** One real server of a service. */
  record Destination(String rs, boolean masquerade, int weight) {
    /** True if as lvscare sets it: NAT mode, weight 1 (weight 0 means drained). */
    boolean wanted() {
      return masquerade && weight == 1;
    }
  }

  static Map<String, Service> parse(String save) {
    Map<String, Service> services = new LinkedHashMap<>();
    for (String line : save.lines().map(String::strip).toList()) {
      List<String> words = List.of(line.split("\\s+"));
      String vip = option(words, "-t");
      if (vip == null) {
        continue; // UDP (-u) and firewall-mark (-f) services are not ours
      }
      vip = normalise(vip);
      if (words.get(0).equals("-A")) {
        String scheduler = option(words, "-s");
        services.put(
            vip, new Service(vip, scheduler == null ? "" : scheduler, new LinkedHashMap<>()));
      } else if (words.get(0).equals("-a")) {
        String rs = option(words, "-r");
        Service service = services.get(vip);
        if (rs != null && service != null) {
          String weight = option(words, "-w");
          rs = normalise(rs);
          service
              .destinations()
              .put(
                  rs,
                  new Destination(
                      rs, words.contains("-m"), weight == null ? 1 : Integer.parseInt(weight)));
        }
      }
    }
    return services;
  }

  private static @Nullable String option(List<String> words, String name) {
    int i = words.indexOf(name);
    return i >= 0 && i + 1 < words.size() ? words.get(i + 1) : null;
  }

  /** The same text {@link Endpoint#toString()} gives, so keys compare (IPv6 forms differ). */
  private static String normalise(String text) {
    try {
      return Endpoint.parse(text).toString();
    } catch (IllegalArgumentException e) {
      return text;
    }
  }
}
