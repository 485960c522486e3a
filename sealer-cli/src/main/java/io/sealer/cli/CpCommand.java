package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.runtime.ClusterService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer cp [-r ROLE] SRC DST}. */
@Parameters(
    commandNames = "cp",
    commandDescription = "Copy a local file to every host of a cluster (or those with a role)")
final class CpCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(
      names = {"-r", "--roles"},
      description = "Only hosts with this role")
  String role;

  @Parameter(
      names = {"-c", "--cluster"},
      description = "The cluster (default: the only one recorded)")
  String cluster;

  @Parameter(description = "SRC DST")
  List<String> args = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() != 2) {
      throw new ParameterException("cp needs a local file and a path on the hosts");
    }
    if (!args.get(1).startsWith("/")) {
      throw new ParameterException("the destination must be an absolute path: " + args.get(1));
    }
    ClusterService service = context.sealer().clusters();
    service.copy(ClusterCommands.pick(service, cluster), role, Path.of(args.get(0)), args.get(1));
    context.out().println("Copied " + args.get(0) + " to " + args.get(1));
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "[options] SRC DST";
  }

  @Override
  public String examples() {
    return """
        sealer cp ./app.conf /etc/app/app.conf        # every host, written atomically
        sealer cp -r master ./backup.sh /usr/local/bin/backup.sh""";
  }
}
