package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.runtime.RunOptions;
import io.sealer.api.runtime.RunResult;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer run IMAGE -m ... | -f Clusterfile}. */
@Parameters(
    commandNames = "run",
    commandDescription =
        "Bring a ClusterImage up on hosts over SSH; running it again continues where it stopped")
final class RunCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @ParametersDelegate HostFlags hosts = new HostFlags();

  @ParametersDelegate ChangeOptions change = new ChangeOptions();

  @Parameter(description = "IMAGE")
  List<String> args = new ArrayList<>();

  @Parameter(
      names = {"-f", "--Clusterfile"},
      description = "A Clusterfile describing the cluster (flags add hosts, env, cmds and apps)")
  String clusterfile;

  @Parameter(
      names = "--cluster-name",
      description = "The cluster's name when it is made from flags (default my-cluster)")
  String clusterName;

  @Parameter(
      names = "--provider",
      description =
          "local: make the hosts on this machine (root, Linux); -m/-n are then counts of hosts")
  String provider;

  @Parameter(
      names = {"-e", "--env"},
      description = "KEY=VALUE for the cluster env (repeatable)")
  List<String> env = new ArrayList<>();

  @Parameter(
      names = "--cmds",
      description = "Commands to launch instead of the image's (repeatable)")
  List<String> cmds = new ArrayList<>();

  @Parameter(
      names = "--apps",
      description = "Apps to launch instead of the image's LAUNCH (repeatable)")
  List<String> apps = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() > 1) {
      throw new ParameterException("run takes one image");
    }
    if (args.isEmpty() && clusterfile == null) {
      throw new ParameterException("you must input image name Or use Clusterfile");
    }
    Clusterfile base =
        clusterfile != null
            ? ClusterCommands.read(context, clusterfile)
            : ClusterCommands.empty(args.get(0));
    if (clusterName != null) {
      base = ClusterCommands.renamed(base, clusterName);
    }
    if (clusterfile != null && !args.isEmpty()) {
      throw new ParameterException(
          "give the image in the Clusterfile (spec.image) or as an" + " argument, not both");
    }
    Clusterfile cf;
    if (provider != null) {
      cf =
          ClusterCommands.compose(
              context,
              LocalHosts.provision(context, base, provider, hosts),
              new HostFlags(),
              env,
              cmds,
              apps);
    } else {
      if (clusterfile == null && !hosts.any()) {
        throw new ParameterException(
            "run needs hosts: -m MASTER_IPS [-n NODE_IPS], -f Clusterfile, or --provider local");
      }
      cf = ClusterCommands.compose(context, base, hosts, env, cmds, apps);
    }
    RunOptions options = change.options();
    RunResult result = context.sealer().clusters().run(cf, options);
    if (options.dryRun()) {
      ClusterCommands.printPlan(context.out(), result, true);
    } else {
      context
          .out()
          .println(
              "Cluster " + result.cluster() + " is up: " + String.join(",", cf.cluster().allIps()));
    }
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "[options] IMAGE -m IPS [-n IPS] | -f Clusterfile";
  }

  @Override
  public String examples() {
    return """
        sealer run my-etcd:v1 -m 10.0.0.2,10.0.0.3,10.0.0.4 -p 'secret'   # 3 hosts, root password
        SEALER_SSH_PASSWORD=secret sealer run my-etcd:v1 -m 10.0.0.2-10.0.0.4  # keeps the password out of ps
        sealer run my-saas:v1 -m 10.0.0.2 -n 10.0.0.5 --pk ~/.ssh/id_ed25519 -u admin   # key, sudo user
        sealer run my-etcd:v1 --provider local -m 3      # 3 hosts made on this machine (root)
        sealer run -f Clusterfile --dry-run      # show hosts, steps, hooks and bytes per host; change nothing
        sealer run -f Clusterfile                # again after a failure: continues where it stopped""";
  }
}
