package io.sealer.infra;

import io.sealer.api.SealerException;
import io.sealer.api.host.HostAccess;
import io.sealer.api.infra.InfraEnvironment;
import io.sealer.api.infra.InfraProvider;
import io.sealer.api.infra.InfraRequest;
import io.sealer.api.infra.ProvisionedHost;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code baremetal} provider: the hosts already exist and are given by address. {@code up}
 * checks the addresses and returns them with the login options; it keeps no state and {@code down}
 * removes nothing.
 */
final class BaremetalProvider implements InfraProvider {
  static final String NAME = "baremetal";
  private static final Set<String> OPTIONS = Set.of("user", "port", "privateKey", "knownHosts");
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InfraEnvironment up(InfraRequest request) {
    Map<String, String> options = request.options();
    for (String option : options.keySet()) {
      if (!OPTIONS.contains(option)) {
        throw new IllegalArgumentException(
            "unknown option '" + option + "' for the baremetal provider (known: " + OPTIONS + ")");
      }
    }
    List<String> addresses = request.addresses();
    if (addresses.isEmpty()) {
      throw new SealerException("could not use bare metal hosts: no host addresses given");
    }
    if (request.count() != 0 && request.count() != addresses.size()) {
      throw new SealerException(
          "could not use bare metal hosts: "
              + request.count()
              + " hosts asked for but "
              + addresses.size()
              + " addresses given");
    }
    int port = port(options.getOrDefault("port", "22"));
    String user = options.getOrDefault("user", "root");
    Path key = options.containsKey("privateKey") ? Path.of(options.get("privateKey")) : null;
    Path knownHosts = options.containsKey("knownHosts") ? Path.of(options.get("knownHosts")) : null;
    Set<String> seen = new HashSet<>();
    List<ProvisionedHost> hosts = new ArrayList<>();
    for (String address : addresses) {
      String canonical = canonical(address);
      if (!seen.add(canonical)) {
        throw new SealerException("could not use host " + address + ": it is listed twice");
      }
      hosts.add(
          new ProvisionedHost(
              address, new HostAccess(address, port, user, null, key, null), knownHosts, true));
    }
    return new InfraEnvironment(request.name(), NAME, hosts, null, null, null);
  }

  @Override
  public Optional<InfraEnvironment> status(String name) {
    return Optional.empty();
  }

  @Override
  public boolean down(String name) {
    return false;
  }

  /** The address in one spelling, or a SealerException if it is not an IP address literal. */
  static String canonical(String address) {
    if (!IPV4.matcher(address).matches() && !IPV6.matcher(address).matches()) {
      throw new SealerException("could not use host " + address + ": not an IP address");
    }
    try {
      // a literal: no name lookup happens
      return InetAddress.getByName(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new SealerException("could not use host " + address + ": not an IP address");
    }
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SealerException("could not use SSH port " + text + ": not a port number");
  }
}
