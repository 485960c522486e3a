package io.sealer.infra;

import io.sealer.api.SealerException;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.host.HostAccess;
import io.sealer.api.infra.InfraEnvironment;
import io.sealer.api.infra.InfraProvider;
import io.sealer.api.infra.InfraRequest;
import io.sealer.api.infra.ProvisionedHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code local} provider: hosts made on this Linux machine, as root, each a network namespace
 * on a private bridge with its own PID, mount, UTS and IPC namespaces, an overlay of this machine's
 * {@code /} and its own sshd. See docs/infra.md.
 */
final class LocalProvider implements InfraProvider {
  static final String NAME = "local";
  private static final Set<String> OPTIONS = Set.of("subnet");
  private static final Duration LOCK_WAIT = Duration.ofMinutes(5);
  private static final long START_TIMEOUT_MILLIS = 30_000;

  private final Path stateRoot;
  private final Path lockDir;
  private final EventListener events;

  LocalProvider(Path stateRoot, Path lockDir, EventListener events) {
    this.stateRoot = stateRoot.toAbsolutePath().normalize();
    this.lockDir = lockDir;
    this.events = events;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InfraEnvironment up(InfraRequest request) {
    for (String option : request.options().keySet()) {
      if (!OPTIONS.contains(option)) {
        throw new IllegalArgumentException(
            "unknown option '" + option + "' for the local provider (known: subnet)");
      }
    }
    int count = request.count();
    if (count < 1 || count > LocalNames.MAX_HOSTS) {
      throw new SealerException(
          "could not make local hosts: the host count must be 1 to "
              + LocalNames.MAX_HOSTS
              + ", not "
              + count);
    }
    Ipv4Cidr wanted =
        request.options().containsKey("subnet")
            ? SubnetChoice.parseRequested(request.options().get("subnet"))
            : null;
    Tools tools = Tools.require();
    LocalNames names = new LocalNames(request.name());
    LocalState state = new LocalState(stateRoot.resolve(request.name()));
    LocalNetwork network = new LocalNetwork(tools, names);
    long started = System.nanoTime();
    try (EnvironmentLock lock = lockEnvironment(names.environment())) {
      state.checkUsable(names.environment());
      Optional<LocalState.Recorded> recorded = state.read();
      if (recorded.isEmpty() && network.removeAll()) {
        events.log(
            LogEvent.warn(
                "removed what an earlier environment "
                    + names.environment()
                    + " left without state in "
                    + state.dir()));
      }
      Ipv4Cidr subnet;
      try (EnvironmentLock subnets = lockEnvironment(".subnets")) {
        subnet =
            SubnetChoice.choose(
                wanted,
                recorded.map(LocalState.Recorded::subnet),
                network::routes,
                otherSubnets(names.environment()),
                names.environment());
        if (!network.hasBridge()) {
          network.checkFree(subnet); // before anything is written: a refusal leaves nothing
        }
        state.create(names.environment(), subnet, tools);
        network.ensureBridge(subnet);
      }
      TreeMap<Integer, String> existing = state.hosts(names);
      for (String ns : network.ownedNamespaces()) {
        names.hostIndex(ns).ifPresent(i -> existing.put(i, ns));
      }
      for (Map.Entry<Integer, String> extra : existing.tailMap(count, false).entrySet()) {
        removeHost(state, tools, network, extra.getValue(), subnet, extra.getKey());
      }
      List<LocalHost> hosts = new ArrayList<>();
      for (int i = 1; i <= count; i++) {
        hosts.add(host(state, tools, names, subnet, i));
      }
      build(hosts, state, network, subnet);
      state.writeClientFiles(hosts);
      events.log(
          LogEvent.info(
              "environment "
                  + names.environment()
                  + ": "
                  + count
                  + " local host(s) on "
                  + subnet
                  + " in "
                  + (System.nanoTime() - started) / 1_000_000
                  + " ms"));
      return environment(names, state, subnet, hosts, true);
    } catch (IOException e) {
      throw new SealerException(
          "could not make local hosts of environment "
              + names.environment()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void build(List<LocalHost> hosts, LocalState state, LocalNetwork network, Ipv4Cidr subnet)
      throws IOException {
    List<LocalHost> broken = new ArrayList<>();
    for (LocalHost host : Parallel.forEach(hosts, h -> h.healthy(network) ? null : h)) {
      if (host != null) {
        broken.add(host);
      }
    }
    if (broken.isEmpty()) {
      return;
    }
    String authorizedKey = state.publicKey();
    Parallel.forEach(
        broken,
        h -> {
          if (state.hostDir(h.name()).toFile().isDirectory()) {
            events.log(LogEvent.info("host " + h.name() + " is not running: making it again"));
          }
          h.stop();
          network.removeHost(h.name());
          try {
            h.prepare(authorizedKey);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return h;
        });
    Map<String, String> addresses = new java.util.LinkedHashMap<>();
    broken.forEach(h -> addresses.put(h.name(), h.address()));
    network.addHosts(addresses);
    Parallel.forEach(
        broken,
        h -> {
          long t0 = System.nanoTime();
          try {
            h.awaitReady(h.launch(subnet), START_TIMEOUT_MILLIS);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          events.log(
              LogEvent.info(
                  "host "
                      + h.name()
                      + " "
                      + h.address()
                      + " up in "
                      + (System.nanoTime() - t0) / 1_000_000
                      + " ms"));
          return h;
        });
  }

  private void removeHost(
      LocalState state, Tools tools, LocalNetwork network, String name, Ipv4Cidr subnet, int i)
      throws IOException {
    LocalHost host =
        new LocalHost(
            state, tools, name, LocalNames.hostAddress(subnet, i), LocalNames.gateway(subnet));
    host.stop();
    network.removeHost(name);
    if (StateFiles.hasMountsBelow(state.hostDir(name))) {
      throw new SealerException("could not remove host " + name + ": its directory is mounted");
    }
    StateFiles.deleteTree(state.hostDir(name));
    events.log(LogEvent.info("host " + name + " removed"));
  }

  @Override
  public Optional<InfraEnvironment> status(String name) {
    LocalNames names = new LocalNames(name);
    LocalState state = new LocalState(stateRoot.resolve(name));
    Optional<LocalState.Recorded> recorded = state.read();
    if (recorded.isEmpty()) {
      return Optional.empty();
    }
    Tools tools = Tools.require();
    LocalNetwork network = new LocalNetwork(tools, names);
    Ipv4Cidr subnet = recorded.get().subnet();
    try {
      List<LocalHost> hosts = new ArrayList<>();
      for (int i : state.hosts(names).keySet()) {
        hosts.add(host(state, tools, names, subnet, i));
      }
      List<ProvisionedHost> checked = new ArrayList<>();
      List<Boolean> running = Parallel.forEach(hosts, h -> h.healthy(network));
      for (int i = 0; i < hosts.size(); i++) {
        checked.add(provisioned(state, hosts.get(i), running.get(i)));
      }
      return Optional.of(
          new InfraEnvironment(
              name, NAME, checked, subnet.toString(), LocalNames.gateway(subnet), state.dir()));
    } catch (IOException e) {
      throw new SealerException("could not read environment " + name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean down(String name) {
    LocalNames names = new LocalNames(name);
    Tools tools = Tools.require();
    LocalState state = new LocalState(stateRoot.resolve(name));
    LocalNetwork network = new LocalNetwork(tools, names);
    long started = System.nanoTime();
    try (EnvironmentLock lock = lockEnvironment(name)) {
      Optional<LocalState.Recorded> recorded = state.read();
      boolean removed = false;
      if (recorded.isPresent()) {
        Ipv4Cidr subnet = recorded.get().subnet();
        List<LocalHost> hosts = new ArrayList<>();
        for (int i : state.hosts(names).keySet()) {
          hosts.add(host(state, tools, names, subnet, i));
        }
        Parallel.forEach(
            hosts,
            h -> {
              h.stop();
              return h;
            });
        removed = !hosts.isEmpty();
      }
      removed |= network.removeAll();
      if (recorded.isPresent()) {
        state.delete();
        removed = true;
      } else if (state.dir().toFile().exists()) {
        events.log(
            LogEvent.warn(
                "left " + state.dir() + " alone: it has no " + LocalState.MARKER + " marker"));
      }
      if (removed) {
        events.log(
            LogEvent.info(
                "environment "
                    + name
                    + " removed in "
                    + (System.nanoTime() - started) / 1_000_000
                    + " ms"));
      }
      return removed;
    } catch (IOException e) {
      throw new SealerException("could not remove environment " + name + ": " + e.getMessage(), e);
    }
  }

  /** Subnets recorded by the other environments under the same state root. */
  private Set<Ipv4Cidr> otherSubnets(String environment) throws IOException {
    Set<Ipv4Cidr> found = new java.util.HashSet<>();
    if (!java.nio.file.Files.isDirectory(stateRoot)) {
      return found;
    }
    try (java.nio.file.DirectoryStream<Path> dirs =
        java.nio.file.Files.newDirectoryStream(stateRoot)) {
      for (Path dir : dirs) {
        if (!dir.getFileName().toString().equals(environment)) {
          try {
            new LocalState(dir).read().ifPresent(r -> found.add(r.subnet()));
          } catch (SealerException e) {
            // an unreadable marker reserves nothing
          }
        }
      }
    }
    return found;
  }

  private EnvironmentLock lockEnvironment(String name) {
    return EnvironmentLock.acquire(
        lockDir.resolve(name + ".lock"), "local environment " + name, LOCK_WAIT);
  }

  private static LocalHost host(
      LocalState state, Tools tools, LocalNames names, Ipv4Cidr subnet, int index) {
    return new LocalHost(
        state,
        tools,
        names.host(index),
        LocalNames.hostAddress(subnet, index),
        LocalNames.gateway(subnet));
  }

  private static InfraEnvironment environment(
      LocalNames names, LocalState state, Ipv4Cidr subnet, List<LocalHost> hosts, boolean running) {
    List<ProvisionedHost> provisioned = new ArrayList<>();
    for (LocalHost host : hosts) {
      provisioned.add(provisioned(state, host, running));
    }
    return new InfraEnvironment(
        names.environment(),
        NAME,
        provisioned,
        subnet.toString(),
        LocalNames.gateway(subnet),
        state.dir());
  }

  private static ProvisionedHost provisioned(LocalState state, LocalHost host, boolean running) {
    return new ProvisionedHost(
        host.name(),
        new HostAccess(host.address(), 22, "root", state.password(), state.privateKey(), null),
        state.knownHosts(),
        running);
  }
}
