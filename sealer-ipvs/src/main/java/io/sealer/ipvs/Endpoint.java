package io.sealer.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An IP address and a TCP port: a virtual server's VIP or one of its real servers. Only IP literals
 * are accepted, so parsing never does a DNS lookup.
 *
 * @param address the IP address
 * @param port the TCP port, 1 to 65535
 */
public record Endpoint(InetAddress address, int port) {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

  /** Validates the parts. */
  public Endpoint {
    Objects.requireNonNull(address, "address");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses {@code IP:PORT} or {@code [IPv6]:PORT}.
   *
   * @throws IllegalArgumentException naming the text if it is not an IP literal with a port
   */
  public static Endpoint parse(String text) {
    Objects.requireNonNull(text, "text");
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf("]:");
      if (close < 0) {
        throw invalid(text, "expected [IPv6]:PORT");
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0 || text.indexOf(':') != colon) {
        throw invalid(text, "expected IP:PORT");
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    int number;
    try {
      number = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw invalid(text, "the port is not a number");
    }
    if (number < 1 || number > 65535) {
      throw invalid(text, "the port is not between 1 and 65535");
    }
    return new Endpoint(ip(host, text), number);
  }

  /** Parses an IP literal (IPv4 dotted quad or IPv6), never looking up a name. */
  public static InetAddress ip(String literal) {
    return ip(literal, literal);
  }

  private static InetAddress ip(String host, String whole) {
    boolean v4 = IPV4.matcher(host).matches();
    boolean v6 = !v4 && host.contains(":") && IPV6.matcher(host).matches();
    if (!v4 && !v6) {
      throw invalid(whole, "'" + host + "' is not an IP address");
    }
    if (v4) {
      for (String part : host.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          throw invalid(whole, "'" + host + "' is not an IP address");
        }
      }
    }
    try {
      return InetAddress.getByName(host); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      throw invalid(whole, "'" + host + "' is not an IP address");
    }
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    return new IllegalArgumentException("invalid address '" + text + "': " + reason);
  }

  /** True for an IPv6 address. */
  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  /** The address as text, IPv6 in its compressed form without brackets. */
  public String ip() {
    return ipText(address);
  }

  /** The canonical text of an address: IPv4 dotted, IPv6 compressed, never a host name. */
  static String ipText(InetAddress address) {
    String text = address.getHostAddress();
    if (address instanceof Inet6Address) {
      int zone = text.indexOf('%');
      if (zone >= 0) {
        text = text.substring(0, zone);
      }
      text = compress(text);
    }
    return text;
  }

  /** Shortens Java's full IPv6 form (1:0:0:0:0:0:0:2) to RFC 5952 (1::2). */
  private static String compress(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < groups.length; ) {
      int j = i;
      while (j < groups.length && groups[j].replaceFirst("^0+(?=.)", "").equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < groups.length; i++) {
      if (i == bestStart) {
        out.append(i == 0 ? "::" : ":");
        i += bestLength - 1;
        continue;
      }
      out.append(groups[i].replaceFirst("^0+(?=.)", ""));
      if (i < groups.length - 1) {
        out.append(':');
      }
    }
    return out.toString();
  }

  /** {@code IP:PORT}, or {@code [IPv6]:PORT}. */
  @Override
  public String toString() {
    return isIpv6() ? "[" + ip() + "]:" + port : ip() + ":" + port;
  }
}
