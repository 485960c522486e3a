package io.sealer.image.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP proxies registry traffic goes through, from {@code HTTPS_PROXY}, {@code HTTP_PROXY} and
 * {@code NO_PROXY} (or their lower-case forms) as Docker, containerd and skopeo read them: a proxy
 * is an {@code http://[user:password@]host[:port]} URL (the scheme may be left out); {@code
 * NO_PROXY} lists host names (a name also covers its subdomains, a leading dot only the
 * subdomains), IP addresses and CIDR ranges, each with an optional port, or {@code *} for all.
 * Hosts on this machine ({@code localhost}, loopback addresses) are never proxied.
 *
 * @param http the proxy of http URLs, if any
 * @param https the proxy of https URLs, if any
 * @param noProxy the {@code NO_PROXY} entries, lower case
 * @param problem why a variable could not be used, or {@code null}
 */
record ProxyConfig(
    @Nullable Proxy http, @Nullable Proxy https, List<String> noProxy, @Nullable String problem) {

  /** No proxy at all. */
  static final ProxyConfig NONE = new ProxyConfig(null, null, List.of(), null);

  /**
   * One proxy.
   *
   * @param host its host name or address
   * @param port its port
   * @param authorization the {@code Proxy-Authorization} value for its credentials, if any
   */
  record Proxy(String host, int port, @Nullable String authorization) {
    @Override
    public String toString() {
      return host + ":" + port; // never the credentials
    }
  }

  ProxyConfig {
    noProxy = List.copyOf(noProxy);
  }

  /** Reads the variables; a value that cannot be used is reported in {@link #problem()}. */
  static ProxyConfig fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Proxy http = parse("HTTP_PROXY", first(env, "HTTP_PROXY", "http_proxy"), problems);
    Proxy https = parse("HTTPS_PROXY", first(env, "HTTPS_PROXY", "https_proxy"), problems);
    List<String> noProxy = new ArrayList<>();
    String list = first(env, "NO_PROXY", "no_proxy");
    if (list != null) {
      for (String entry : list.split(",")) {
        String e = entry.trim().toLowerCase(Locale.ROOT);
        if (!e.isEmpty()) {
          noProxy.add(e);
        }
      }
    }
    return new ProxyConfig(
        http, https, noProxy, problems.isEmpty() ? null : String.join("; ", problems));
  }

  /** The proxy to reach {@code target} through, if any. */
  Optional<Proxy> proxyFor(URI target) {
    Proxy proxy = "https".equalsIgnoreCase(target.getScheme()) ? https : http;
    if (proxy == null || target.getHost() == null) {
      return Optional.empty();
    }
    String host = HttpTransport.unbracket(target.getHost().toLowerCase(Locale.ROOT));
    int port = HttpTransport.port(target);
    if (host.equals("localhost") || isLoopbackLiteral(host)) {
      return Optional.empty();
    }
    for (String entry : noProxy) {
      if (bypasses(entry, host, port)) {
        return Optional.empty();
      }
    }
    return Optional.of(proxy);
  }

  private static boolean bypasses(String entry, String host, int port) {
    if (entry.equals("*")) {
      return true;
    }
    if (entry.contains("/")) {
      return inCidr(entry, host);
    }
    String name = entry;
    int colon = entry.lastIndexOf(':');
    if (colon > 0 && entry.indexOf(':') == colon && !entry.endsWith("]")) {
      // host:port
      try {
        if (Integer.parseInt(entry.substring(colon + 1)) != port) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
      name = entry.substring(0, colon);
    }
    name = HttpTransport.unbracket(name);
    if (name.startsWith("*.")) {
      name = name.substring(1);
    }
    if (name.startsWith(".")) {
      return host.endsWith(name);
    }
    return host.equals(name) || host.endsWith("." + name);
  }

  private static boolean inCidr(String cidr, String host) {
    if (!HttpTransport.ipLiteral(host)) {
      return false;
    }
    try {
      int slash = cidr.indexOf('/');
      byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
      byte[] ip = InetAddress.getByName(host).getAddress();
      int bits = Integer.parseInt(cidr.substring(slash + 1));
      if (net.length != ip.length || bits < 0 || bits > net.length * 8) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((net[i / 8] & mask) != (ip[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException | NumberFormatException e) {
      return false;
    }
  }

  private static boolean isLoopbackLiteral(String host) {
    if (!HttpTransport.ipLiteral(host)) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress(); // a literal: no DNS lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static @Nullable String first(Map<String, String> env, String upper, String lower) {
    String v = env.get(upper);
    if (v == null || v.isBlank()) {
      v = env.get(lower);
    }
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static @Nullable Proxy parse(
      String variable, @Nullable String value, List<String> problems) {
    if (value == null) {
      return null;
    }
    String text = value.contains("://") ? value : "http://" + value;
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      problems.add(variable + " is not a proxy URL");
      return null;
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      problems.add(
          variable + " uses " + uri.getScheme() + "://; only http:// proxies are supported");
      return null;
    }
    if (uri.getHost() == null) {
      problems.add(variable + " names no proxy host");
      return null;
    }
    String authorization = null;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      String decoded = URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
      authorization =
          "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }
    return new Proxy(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 80, authorization);
  }
}
