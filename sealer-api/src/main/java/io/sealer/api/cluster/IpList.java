package io.sealer.api.cluster;

import io.sealer.api.ParseException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * IP addresses as people write them for {@code -m}/{@code -n} and in {@code spec.hosts[].ips}: a
 * comma-separated list whose items are single IPs or ranges {@code first-last} (both ends included,
 * first before last, same family). IPv4 and IPv6; host names are not IPs.
 */
public final class IpList {
  /** The most addresses one range may expand to. */
  public static final int MAX_RANGE = 65_536;

  private IpList() {}

  /**
   * Expands a list such as {@code 10.0.0.1-10.0.0.3,10.0.0.9} into single addresses in order.
   *
   * @throws IllegalArgumentException naming the bad item, e.g. {@code invalid IP 10.0.0.345}
   */
  public static List<String> parse(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("no IP given");
    }
    List<String> out = new ArrayList<>();
    for (String item : text.split(",", -1)) {
      String s = item.trim();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("empty item in IP list '" + text + "'");
      }
      int dash = s.indexOf('-');
      if (dash < 0) {
        out.add(normalize(s));
      } else {
        range(s.substring(0, dash).trim(), s.substring(dash + 1).trim(), s, out);
      }
    }
    return out;
  }

  /** Like {@link #parse(String)}, failing with a {@link ParseException} that names the place. */
  public static List<String> parse(String text, String file, int line, String where) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParseException(file, line, 0, e.getMessage() + " in " + where);
    }
  }

  /** True for one IPv4 or IPv6 address. */
  public static boolean isIp(String text) {
    try {
      normalize(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** True for an IPv6 address. */
  public static boolean isIpv6(String ip) {
    return ip.indexOf(':') >= 0;
  }

  /** The address {@code n} places after the network address of a CIDR such as 10.96.0.0/16. */
  public static String nthInCidr(String cidr, int n) {
    int slash = cidr.indexOf('/');
    String base = normalize(slash < 0 ? cidr.trim() : cidr.substring(0, slash).trim());
    int bits = isIpv6(base) ? 128 : 32;
    int prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1).trim());
    if (prefix < 0 || prefix > bits) {
      throw new IllegalArgumentException("invalid CIDR " + cidr);
    }
    BigInteger mask = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE).not();
    BigInteger network = toNumber(base).and(mask);
    return fromNumber(network.add(BigInteger.valueOf(n)), isIpv6(base));
  }

  private static void range(String first, String last, String item, List<String> out) {
    if (first.isEmpty() || last.isEmpty() || last.indexOf('-') >= 0) {
      throw new IllegalArgumentException(
          "invalid IP range '" + item + "': expected first-last, e.g. 10.0.0.1-10.0.0.9");
    }
    String a = normalize(first);
    String b = normalize(last);
    if (isIpv6(a) != isIpv6(b)) {
      throw new IllegalArgumentException("invalid IP range '" + item + "': mixes IPv4 and IPv6");
    }
    BigInteger from = toNumber(a);
    BigInteger to = toNumber(b);
    if (from.compareTo(to) >= 0) {
      throw new IllegalArgumentException(
          "invalid IP range '" + item + "': the first IP must be lower than the last");
    }
    if (to.subtract(from).compareTo(BigInteger.valueOf(MAX_RANGE)) >= 0) {
      throw new IllegalArgumentException(
          "IP range '" + item + "' is too large (more than " + MAX_RANGE + " addresses)");
    }
    for (BigInteger i = from; i.compareTo(to) <= 0; i = i.add(BigInteger.ONE)) {
      out.add(fromNumber(i, isIpv6(a)));
    }
  }

  private static String normalize(String s) {
    if (s.indexOf(':') >= 0) {
      if (!s.matches("[0-9A-Fa-f:.]+") || s.length() > 45) {
        throw new IllegalArgumentException("invalid IP " + s);
      }
      try {
        InetAddress a = InetAddress.getByName(s);
        return a instanceof Inet6Address ? compress(a.getAddress()) : a.getHostAddress();
      } catch (UnknownHostException | RuntimeException e) {
        throw new IllegalArgumentException("invalid IP " + s, e);
      }
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("invalid IP " + s);
    }
    for (String p : parts) {
      if (!p.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(p) > 255) {
        throw new IllegalArgumentException("invalid IP " + s);
      }
    }
    return s;
  }

  private static BigInteger toNumber(String ip) {
    try {
      return new BigInteger(1, InetAddress.getByName(ip).getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("invalid IP " + ip, e);
    }
  }

  private static String fromNumber(BigInteger n, boolean v6) {
    byte[] raw = n.toByteArray();
    byte[] bytes = new byte[v6 ? 16 : 4];
    int copy = Math.min(raw.length, bytes.length);
    System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
    if (v6) {
      return compress(bytes);
    }
    try {
      return InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The RFC 5952 text of an IPv6 address: lower case, the longest run of zero groups as ::. */
  private static String compress(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
