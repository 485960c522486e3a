package io.sealer.cli;

import com.beust.jcommander.ParameterException;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.Host;
import io.sealer.api.cluster.Ssh;
import io.sealer.api.infra.InfraEnvironment;
import io.sealer.api.infra.InfraProvider;
import io.sealer.api.infra.InfraRequest;
import io.sealer.api.infra.ProvisionedHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code run --provider local --masters N --nodes M}: the hosts are made on this machine by the
 * {@code local} infra provider, and the cluster remembers it (annotations) so that {@code delete
 * -a} removes them again.
 */
final class LocalHosts {
  /** Annotation naming the infra provider that made the cluster's hosts. */
  static final String PROVIDER_ANNOTATION = "sealer.io/infra-provider";

  /** Annotation naming the provider's environment. */
  static final String ENVIRONMENT_ANNOTATION = "sealer.io/infra-environment";

  private LocalHosts() {}

  /** Makes (or finds, on a re-run) the hosts and puts them into the Clusterfile. */
  static Clusterfile provision(
      CommandContext context, Clusterfile base, String provider, HostFlags flags) {
    if (!"local".equals(provider)) {
      throw new ParameterException(
          "--provider "
              + provider
              + " is not known; the provider that makes hosts is 'local'"
              + " (give the IPs of other hosts with -m/-n)");
    }
    if (!base.cluster().hosts().isEmpty()) {
      throw new ParameterException(
          "--provider local makes the hosts: the Clusterfile must not" + " list spec.hosts");
    }
    int masters = count(flags.masters, "--masters", 1);
    int nodes = count(flags.nodes, "--nodes", 0);
    String environment = environmentOf(base.cluster().name());
    context
        .err()
        .println(
            "making " + (masters + nodes) + " local host(s) (environment " + environment + ")");
    // never shrink an environment here: hosts a scale-up added stay (a run that does not match the
    // recorded cluster is refused later, with what to do instead)
    int existing =
        context.sealer().infra("local").status(environment).map(e -> e.hosts().size()).orElse(0);
    InfraEnvironment env =
        context
            .sealer()
            .infra("local")
            .up(InfraRequest.ofCount(environment, Math.max(masters + nodes, existing)));
    List<ProvisionedHost> made = env.hosts().subList(0, masters + nodes);
    trustMade(context, made);
    ProvisionedHost first = made.get(0);
    Ssh ssh =
        new Ssh(
            first.access().user(),
            first.access().password(),
            first.access().privateKey() == null ? null : first.access().privateKey().toString(),
            null,
            String.valueOf(first.access().port()),
            false);
    List<Host> hosts = new ArrayList<>();
    hosts.add(
        new Host(
            addresses(made.subList(0, masters)),
            List.of(Host.MASTER),
            null,
            List.of(),
            Map.of(),
            List.of()));
    if (nodes > 0) {
      hosts.add(
          new Host(
              addresses(made.subList(masters, made.size())),
              List.of(Host.NODE),
              null,
              List.of(),
              Map.of(),
              List.of()));
    }
    Cluster c = base.cluster();
    Map<String, String> annotations = new LinkedHashMap<>(c.annotations());
    annotations.put(PROVIDER_ANNOTATION, provider);
    annotations.put(ENVIRONMENT_ANNOTATION, environment);
    return base.withCluster(c.withAnnotations(annotations).withSsh(ssh).withHosts(hosts));
  }

  /** Removes the hosts a provider made for a cluster that is gone, if it made them. */
  static void release(CommandContext context, Map<String, String> annotations) {
    String provider = annotations.get(PROVIDER_ANNOTATION);
    String environment = annotations.get(ENVIRONMENT_ANNOTATION);
    if (provider == null || environment == null) {
      return;
    }
    if (downAndForget(context, context.sealer().infra(provider), environment)) {
      context.err().println("removed the " + provider + " hosts of environment " + environment);
    }
  }

  /**
   * Trusts the keys a provider made for its hosts, replacing what was recorded for their addresses
   * (a host made again at an old address has new keys). Hosts whose keys the provider does not know
   * (baremetal) keep whatever was recorded.
   */
  static void trustMade(CommandContext context, List<ProvisionedHost> hosts) {
    for (ProvisionedHost h : hosts) {
      if (h.knownHosts() != null) {
        context.sealer().hosts().trustHostKeys(List.of(h.address()), h.knownHosts());
      }
    }
  }

  /**
   * Removes an environment and, for hosts the provider made, forgets their recorded keys; returns
   * whether anything was removed.
   */
  static boolean downAndForget(CommandContext context, InfraProvider infra, String environment) {
    List<String> made =
        infra
            .status(environment)
            .map(
                e ->
                    e.hosts().stream()
                        .filter(h -> h.knownHosts() != null)
                        .map(ProvisionedHost::address)
                        .toList())
            .orElse(List.of());
    boolean removed = infra.down(environment);
    if (removed) {
      context.sealer().hosts().trustHostKeys(made, null);
    }
    return removed;
  }

  /** A provider environment name for a cluster name: its letters and digits, at most 10. */
  static String environmentOf(String cluster) {
    String letters = cluster.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (letters.isEmpty() || !Character.isLetter(letters.charAt(0))) {
      letters = "c" + letters;
    }
    return letters.length() > 10 ? letters.substring(0, 10) : letters;
  }

  private static List<String> addresses(List<ProvisionedHost> hosts) {
    return hosts.stream().map(ProvisionedHost::address).toList();
  }

  private static int count(String text, String flag, int fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(text.strip());
      if (n < 0 || n > 50 || (flag.equals("--masters") && n < 1)) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ParameterException(
          "with --provider local, "
              + flag
              + " is a count of hosts (1-50"
              + " masters, 0-50 nodes), not '"
              + text
              + "'");
    }
  }
}
