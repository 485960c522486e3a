package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.cluster.Host;
import io.sealer.api.runtime.ClusterService;
import io.sealer.api.runtime.RunResult;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer delete -m/-n | -a}. */
@Parameters(
    commandNames = "delete",
    commandDescription = "Remove hosts from a cluster, or the whole cluster with -a")
final class DeleteCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @ParametersDelegate ChangeOptions change = new ChangeOptions();

  @Parameter(
      names = {"-m", "--masters"},
      description = "Masters to remove")
  String masters;

  @Parameter(
      names = {"-n", "--nodes"},
      description = "Nodes to remove")
  String nodes;

  @Parameter(
      names = {"-a", "--all"},
      description = "Remove the whole cluster")
  boolean all;

  @Parameter(
      names = "--prune",
      description = "Also remove the cluster's data directory on the hosts")
  boolean prune;

  @Parameter(names = "--force", description = "Do not ask for confirmation")
  boolean force;

  @Parameter(
      names = {"-c", "--cluster"},
      description = "The cluster (default: the only one recorded)")
  String cluster;

  @Override
  public int run(CommandContext context) throws Exception {
    HostFlags given = new HostFlags();
    given.masters = masters;
    given.nodes = nodes;
    if (all == given.any()) {
      throw new ParameterException(
          all
              ? "give either -a or -m/-n, not both"
              : "delete needs -m/-n with the hosts to remove, or -a for the whole cluster");
    }
    ClusterService service = context.sealer().clusters();
    String name = ClusterCommands.pick(service, cluster);
    if (!force
        && !change.dryRun
        && !confirm(
            context,
            all
                ? "delete cluster " + name
                : "remove " + describe(given) + " from cluster " + name)) {
      context.err().println("nothing changed");
      return SealerCli.FAILURE;
    }
    RunResult result;
    if (all) {
      java.util.Map<String, String> annotations =
          service.recorded(name).map(c -> c.cluster().annotations()).orElse(java.util.Map.of());
      result = service.deleteAll(name, prune, change.options(true));
      if (!change.dryRun) {
        LocalHosts.release(context, annotations);
      }
    } else {
      List<String> ips = new ArrayList<>();
      given.hosts().stream().map(Host::ips).forEach(ips::addAll);
      result = service.delete(name, ips, prune, change.options(true));
    }
    if (change.dryRun) {
      ClusterCommands.printPlan(context.out(), result, true);
    } else {
      context.out().println(all ? "Cluster " + name + " deleted" : "Removed from cluster " + name);
    }
    return SealerCli.OK;
  }

  private static String describe(HostFlags f) {
    List<String> ips = new ArrayList<>();
    f.hosts().forEach(h -> ips.addAll(h.ips()));
    return String.join(",", ips);
  }

  private static boolean confirm(CommandContext context, String what) {
    java.io.Console console = System.console();
    if (console == null) {
      throw new ParameterException(
          "refusing to " + what + " without confirmation: no terminal to" + " ask on; add --force");
    }
    String answer = console.readLine("Are you sure to %s? (y/n) ", what);
    return answer != null && (answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes"));
  }

  @Override
  public String usage() {
    return "[options] -m IPS | -n IPS | -a";
  }

  @Override
  public String examples() {
    return """
        sealer delete -n 10.0.0.6 --force          # remove a node
        sealer delete -a --prune --force           # remove the cluster and its files on every host
        sealer delete -a --dry-run                 # what would run where""";
  }
}
