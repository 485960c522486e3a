package io.sealer.ipvs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The nftables text of one virtual server: a table of its own, named after the VIP and port, with
 * three NAT chains. {@code output} and {@code prerouting} DNAT new connections for the VIP
 * round-robin ({@code numgen inc}) to the real servers: the first serves the host's own processes
 * (kubelet, kube-proxy and hostNetwork pods on a worker dial {@code VIP:6443}), the second traffic
 * forwarded through the host (pods on a bridge). {@code postrouting} masquerades every connection
 * whose original destination was the VIP, as IPVS NAT mode does, so replies come back through this
 * host (a local client's source address is the VIP itself, which the real server cannot answer).
 *
 * <p>The script first creates and deletes the table, then defines it: {@code nft -f} applies the
 * file as one transaction, so a reload replaces the rules without a gap and a failure changes
 * nothing. The table's comment carries a digest of the virtual server, to tell later whether the
 * rules in the kernel are still the ones applied.
 */
final class NftRuleset {
  static final String TABLE_PREFIX = "lvscare_";

  private NftRuleset() {}

  /** {@code ip} or {@code ip6}. */
  static String family(Endpoint vip) {
    return vip.isIpv6() ? "ip6" : "ip";
  }

  /** The table's name: {@code lvscare_10_103_97_2_6443}; an IPv6 VIP's colons become {@code _}. */
  static String table(Endpoint vip) {
    return addressPrefix(vip) + vip.port();
  }

  /** The start of the names of all tables of one VIP address, whatever the port. */
  static String addressPrefix(Endpoint vip) {
    return TABLE_PREFIX + vip.ip().replace('.', '_').replace(':', '_') + "_";
  }

  /** The table's comment, identifying exactly this virtual server. */
  static String comment(VirtualServer vs) {
    StringBuilder identity = new StringBuilder(vs.vip().toString());
    for (Endpoint rs : vs.realServers()) {
      identity.append(' ').append(rs);
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(identity.toString().getBytes(StandardCharsets.UTF_8));
      return "lvscare "
          + vs.vip()
          + " rs="
          + vs.realServers().size()
          + " sha256="
          + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The whole script for {@code nft -f -}. */
  static String script(VirtualServer vs) {
    Endpoint vip = vs.vip();
    String family = family(vip);
    String table = family + " " + table(vip);
    String dnat = dnatRule(vs);
    StringBuilder s = new StringBuilder();
    s.append("table ").append(table).append(" {}\n");
    s.append("delete table ").append(table).append('\n');
    s.append("table ").append(table).append(" {\n");
    s.append("  comment \"").append(comment(vs)).append("\"\n");
    chain(s, "output", "output", -100, dnat);
    chain(s, "prerouting", "prerouting", -100, dnat);
    chain(
        s,
        "postrouting",
        "postrouting",
        100,
        "meta l4proto tcp ct original "
            + family
            + " daddr "
            + vip.ip()
            + " ct original proto-dst "
            + vip.port()
            + " masquerade");
    s.append("}\n");
    return s.toString();
  }

  /** The script that removes the table (it must exist: see {@link #removeScript}). */
  static String removeScript(Endpoint vip) {
    String table = family(vip) + " " + table(vip);
    return "table " + table + " {}\ndelete table " + table + "\n";
  }

  private static void chain(StringBuilder s, String name, String hook, int priority, String rule) {
    s.append("  chain ").append(name).append(" {\n");
    s.append("    type nat hook ")
        .append(hook)
        .append(" priority ")
        .append(priority)
        .append("; policy accept;\n");
    if (!rule.isEmpty()) {
      s.append("    ").append(rule).append('\n');
    }
    s.append("  }\n");
  }

  /** The DNAT rule, or nothing when there is no real server (the VIP then refuses). */
  private static String dnatRule(VirtualServer vs) {
    List<Endpoint> rs = vs.realServers();
    if (rs.isEmpty()) {
      return "";
    }
    String family = family(vs.vip());
    StringBuilder map = new StringBuilder();
    for (int i = 0; i < rs.size(); i++) {
      map.append(i == 0 ? "" : ", ")
          .append(i)
          .append(" : ")
          .append(rs.get(i).ip())
          .append(" . ")
          .append(rs.get(i).port());
    }
    return family
        + " daddr "
        + vs.vip().ip()
        + " tcp dport "
        + vs.vip().port()
        + " dnat "
        + family
        + " to numgen inc mod "
        + rs.size()
        + " map { "
        + map
        + " }";
  }
}
