package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.host.CommandResult;
import io.sealer.api.runtime.ClusterService;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer exec [-r ROLE] CMD}. */
@Parameters(
    commandNames = "exec",
    commandDescription = "Run a shell command on every host of a cluster (or those with a role)")
final class ExecCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(
      names = {"-r", "--roles"},
      description = "Only hosts with this role")
  String role;

  @Parameter(
      names = {"-c", "--cluster"},
      description = "The cluster (default: the only one recorded)")
  String cluster;

  @Parameter(description = "CMD")
  List<String> args = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.isEmpty()) {
      throw new ParameterException("exec needs a command");
    }
    ClusterService service = context.sealer().clusters();
    List<CommandResult> results =
        service.exec(ClusterCommands.pick(service, cluster), role, String.join(" ", args));
    int failed = 0;
    for (CommandResult r : results) {
      if (!r.succeeded()) {
        failed++;
        context.err().println("error: " + r.host() + ": exited " + r.exitCode());
      }
    }
    return failed == 0 ? SealerCli.OK : SealerCli.FAILURE;
  }

  @Override
  public String usage() {
    return "[options] CMD";
  }

  @Override
  public String examples() {
    return """
        sealer exec 'hostname; uptime'            # every host, output tagged with the host
        sealer exec -r master 'etcdctl endpoint health'""";
  }
}
