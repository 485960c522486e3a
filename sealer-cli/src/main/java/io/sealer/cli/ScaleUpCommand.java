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

/** {@code sealer scale-up -m/-n}. */
@Parameters(commandNames = "scale-up", commandDescription = "Add masters or nodes to a cluster")
final class ScaleUpCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @ParametersDelegate HostFlags hosts = new HostFlags();

  @ParametersDelegate ChangeOptions change = new ChangeOptions();

  @Parameter(
      names = {"-c", "--cluster"},
      description = "The cluster (default: the only one recorded)")
  String cluster;

  @Parameter(
      names = {"-e", "--env"},
      description = "KEY=VALUE env of the new hosts (repeatable)")
  List<String> env = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (!hosts.any()) {
      throw new ParameterException("scale-up needs -m or -n with the new hosts' IPs");
    }
    ClusterService service = context.sealer().clusters();
    String name = ClusterCommands.pick(service, cluster);
    List<Host> added = new ArrayList<>();
    for (Host h : hosts.hosts()) {
      added.add(new Host(h.ips(), h.roles(), hosts.ssh(context), env, h.labels(), h.taints()));
    }
    RunResult result = service.scaleUp(name, added, change.options());
    if (change.dryRun) {
      ClusterCommands.printPlan(context.out(), result, true);
    } else {
      List<String> ips = added.stream().flatMap(h -> h.ips().stream()).toList();
      context.out().println("Added " + String.join(",", ips) + " to cluster " + name);
    }
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "[options] -m IPS | -n IPS";
  }

  @Override
  public String examples() {
    return """
        sealer scale-up -m 10.0.0.5 -p 'secret'      # add a master
        sealer scale-up -n 10.0.0.6-10.0.0.8 --dry-run""";
  }
}
