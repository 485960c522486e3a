package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.cluster.Host;
import io.sealer.api.runtime.ClusterService;
import io.sealer.api.runtime.RunOptions;
import io.sealer.api.runtime.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sealer apply -f Clusterfile}: makes the cluster if it is not recorded, else adds the hosts
 * the file has and the cluster lacks (as Sealer, hosts the file dropped are only warned about).
 */
@Parameters(
    commandNames = "apply",
    commandDescription = "Make a cluster from a Clusterfile, or add the hosts it gained")
final class ApplyCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @ParametersDelegate ChangeOptions change = new ChangeOptions();

  @Parameter(
      names = {"-f", "--Clusterfile"},
      description = "The Clusterfile",
      required = true)
  String clusterfile;

  @Override
  public int run(CommandContext context) throws Exception {
    Clusterfile wanted = ClusterCommands.read(context, clusterfile);
    ClusterService service = context.sealer().clusters();
    RunOptions options = change.options();
    Optional<Clusterfile> recorded = service.recorded(wanted.cluster().name());
    RunResult result;
    if (recorded.isEmpty()) {
      result = service.run(wanted, options);
    } else {
      Cluster now = recorded.get().cluster();
      if (!now.image().equals(wanted.cluster().image())) {
        throw new ParameterException(
            "cluster "
                + now.name()
                + " runs "
                + now.image()
                + "; changing the image is an upgrade, which apply does not do");
      }
      List<Host> added = new ArrayList<>();
      for (Host h : wanted.cluster().hosts()) {
        List<String> fresh = h.ips().stream().filter(ip -> !now.allIps().contains(ip)).toList();
        if (!fresh.isEmpty()) {
          added.add(new Host(fresh, h.roles(), h.ssh(), h.env(), h.labels(), h.taints()));
        }
      }
      for (String ip : now.allIps()) {
        if (!wanted.cluster().allIps().contains(ip)) {
          context
              .err()
              .println(
                  "warning: "
                      + ip
                      + " is not in "
                      + clusterfile
                      + " but stays in the cluster; remove it with `sealer delete -n "
                      + ip
                      + "`");
        }
      }
      if (added.isEmpty()) {
        result = service.run(recorded.get(), options);
      } else {
        result = service.scaleUp(now.name(), added, options);
      }
    }
    if (options.dryRun()) {
      ClusterCommands.printPlan(context.out(), result, true);
    } else {
      context.out().println("Cluster " + result.cluster() + " applied");
    }
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "[options] -f Clusterfile";
  }

  @Override
  public String examples() {
    return """
        sealer apply -f Clusterfile             # make the cluster, or add the hosts the file gained
        sealer apply -f Clusterfile --dry-run   # what it would do""";
  }
}
