package io.sealer.infra;

import io.sealer.api.SealerException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one environment puts in this machine's network: a bridge with the subnet's first address,
 * one network namespace and veth pair per host, and an nftables table that drops any forwarded
 * packet between the subnet and anything else. Everything carries the environment's names ({@link
 * LocalNames}); nothing else is touched, and {@code ip_forward} is left as it is.
 */
final class LocalNetwork {
  private static final Path NETNS_DIR = Path.of("/run/netns");

  private final Tools tools;
  private final LocalNames names;

  LocalNetwork(Tools tools, LocalNames names) {
    this.tools = tools;
    this.names = names;
  }

  /** This machine's routes, all tables. */
  RouteTable routes() {
    return RouteTable.parse(
        Exec.check(
            "read the routing table",
            List.of(tools.path("ip"), "-4", "-o", "route", "show", "table", "all"),
            null));
  }

  /** The subnet on our bridge, if the bridge exists and has an address. */
  Optional<Ipv4Cidr> bridgeSubnet() {
    Exec.Result result =
        Exec.run(
            List.of(tools.path("ip"), "-4", "-o", "addr", "show", "dev", names.bridge()), null);
    if (!result.ok()) {
      return Optional.empty();
    }
    String[] words = result.stdout().split("\\s+");
    for (int i = 0; i + 1 < words.length; i++) {
      if (words[i].equals("inet")) {
        return Optional.of(Ipv4Cidr.parse(words[i + 1]));
      }
    }
    return Optional.empty();
  }

  /**
   * Makes the bridge and firewall table if missing. A new bridge is refused if any other route
   * already uses the subnet.
   */
  void ensureBridge(Ipv4Cidr subnet) {
    String bridge = names.bridge();
    if (!linkExists(bridge)) {
      checkFree(subnet);
      Exec.check(
          "make bridge " + bridge,
          List.of(
              tools.path("ip"),
              "link",
              "add",
              bridge,
              "address",
              LocalNames.mac(LocalNames.gateway(subnet)),
              "type",
              "bridge",
              "stp_state",
              "0",
              "forward_delay",
              "0"),
          null);
      disableIpv6(bridge);
    }
    Optional<Ipv4Cidr> current = bridgeSubnet();
    if (current.isEmpty()) {
      Exec.check(
          "address bridge " + bridge,
          List.of(
              tools.path("ip"), "addr", "add", LocalNames.gateway(subnet) + "/24", "dev", bridge),
          null);
    } else if (!current.get().equals(subnet)) {
      throw new SealerException(
          "could not use subnet "
              + subnet
              + ": bridge "
              + bridge
              + " already has "
              + current.get()
              + " (run 'sealer alpha infra down --name "
              + names.environment()
              + "' first)");
    }
    Exec.check(
        "start bridge " + bridge, List.of(tools.path("ip"), "link", "set", bridge, "up"), null);
    ensureFirewall(subnet);
  }

  /** True if the environment's bridge exists. */
  boolean hasBridge() {
    return linkExists(names.bridge());
  }

  /** Refuses a subnet that another interface or route already uses. */
  void checkFree(Ipv4Cidr subnet) {
    List<RouteTable.Route> conflicts = routes().conflicts(subnet, names.bridge());
    if (!conflicts.isEmpty()) {
      throw new SealerException(
          "could not use subnet "
              + subnet
              + " for local hosts: it is already routed on this"
              + " machine ("
              + conflicts.get(0).line()
              + "); choose another with --subnet");
    }
  }

  private void ensureFirewall(Ipv4Cidr subnet) {
    String table = names.nftTable();
    if (Exec.run(List.of(tools.path("nft"), "list", "table", "inet", table), null).ok()) {
      return;
    }
    String rules =
        "table inet "
            + table
            + " {\n"
            + "  chain forward {\n"
            + "    type filter hook forward priority -10; policy accept;\n"
            + "    ip saddr "
            + subnet
            + " ip daddr != "
            + subnet
            + " drop\n"
            + "    ip daddr "
            + subnet
            + " ip saddr != "
            + subnet
            + " drop\n"
            + "  }\n"
            + "}\n";
    Exec.check("add nftables table " + table, List.of(tools.path("nft"), "-f", "-"), rules);
  }

  /**
   * Adds a network namespace and a veth pair (eth0 inside, its MAC derived from the host's address)
   * on the bridge for each host.
   *
   * @param hosts host name to address
   */
  void addHosts(Map<String, String> hosts) {
    if (hosts.isEmpty()) {
      return;
    }
    StringBuilder batch = new StringBuilder();
    for (Map.Entry<String, String> entry : hosts.entrySet()) {
      String host = entry.getKey();
      batch.append("netns add ").append(host).append('\n');
      batch.append("link add ").append(host).append(" type veth peer name eth0 address ");
      batch.append(LocalNames.mac(entry.getValue())).append(" netns ").append(host).append('\n');
      batch.append("link set ").append(host).append(" master ").append(names.bridge()).append('\n');
      batch.append("link set ").append(host).append(" up\n");
    }
    Exec.check(
        "add the network of hosts " + String.join(", ", hosts.keySet()),
        List.of(tools.path("ip"), "-batch", "-"),
        batch.toString());
    hosts.keySet().forEach(LocalNetwork::disableIpv6);
  }

  /** Removes a host's namespace and veth (killing what still runs in it); true if any existed. */
  boolean removeHost(String host) {
    boolean removed = false;
    if (Files.exists(NETNS_DIR.resolve(host))) {
      Processes.killAll(netnsPids(host));
      Exec.run(List.of(tools.path("ip"), "netns", "del", host), null);
      removed = true;
    }
    if (linkExists(host)) {
      Exec.run(List.of(tools.path("ip"), "link", "del", host), null);
      removed = true;
    }
    return removed;
  }

  /** True if the host's network namespace exists. */
  boolean hasNamespace(String host) {
    return Files.exists(NETNS_DIR.resolve(host));
  }

  /** The processes living in a host's network namespace. */
  List<Long> netnsPids(String host) {
    Exec.Result result = Exec.run(List.of(tools.path("ip"), "netns", "pids", host), null);
    List<Long> pids = new ArrayList<>();
    if (result.ok()) {
      for (String word : result.stdout().split("\\s+")) {
        if (!word.isEmpty()) {
          pids.add(Long.parseLong(word));
        }
      }
    }
    return pids;
  }

  /**
   * Removes every namespace, link and the firewall table that carry this environment's names.
   *
   * @return true if anything was removed
   */
  boolean removeAll() throws IOException {
    boolean removed = false;
    for (String host : ownedNamespaces()) {
      removed |= removeHost(host);
    }
    for (String link : ownedLinks()) {
      removed |= Exec.run(List.of(tools.path("ip"), "link", "del", link), null).ok();
    }
    removed |=
        Exec.run(List.of(tools.path("nft"), "delete", "table", "inet", names.nftTable()), null)
            .ok();
    return removed;
  }

  /** Network namespaces named like this environment's hosts. */
  List<String> ownedNamespaces() throws IOException {
    List<String> found = new ArrayList<>();
    if (Files.isDirectory(NETNS_DIR)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(NETNS_DIR)) {
        for (Path entry : entries) {
          String name = entry.getFileName().toString();
          if (names.hostIndex(name).isPresent()) {
            found.add(name);
          }
        }
      }
    }
    return found;
  }

  /** Links named like this environment's bridge or veths, hosts first and the bridge last. */
  List<String> ownedLinks() throws IOException {
    List<String> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/sys/class/net"))) {
      for (Path entry : entries) {
        String link = entry.getFileName().toString();
        if (names.hostIndex(link).isPresent()) {
          found.add(link);
        }
      }
    }
    if (linkExists(names.bridge())) {
      found.add(names.bridge());
    }
    return found;
  }

  private static boolean linkExists(String link) {
    return Files.exists(Path.of("/sys/class/net", link));
  }

  private static void disableIpv6(String link) {
    Path knob = Path.of("/proc/sys/net/ipv6/conf", link, "disable_ipv6");
    try {
      if (Files.exists(knob)) {
        Files.writeString(knob, "1");
      }
    } catch (IOException e) {
      // IPv6 off is tidier (no address autoconfiguration on the bridge) but not needed
    }
  }
}
