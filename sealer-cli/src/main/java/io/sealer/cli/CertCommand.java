package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.runtime.ClusterService;
import io.sealer.api.runtime.RunResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code sealer cert --alt-names a,b}. */
@Parameters(
    commandNames = "cert",
    commandDescription =
        "Add names or IPs to the API server certificate of every master of a Kubernetes cluster")
final class CertCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @ParametersDelegate ChangeOptions change = new ChangeOptions();

  @Parameter(
      names = {"-c", "--cluster"},
      description = "The cluster (default: the only one recorded)")
  String cluster;

  @Parameter(
      names = "--alt-names",
      description = "Names or IPs to add, comma-separated (repeatable)")
  List<String> altNames = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    List<String> names =
        altNames.stream()
            .flatMap(a -> Arrays.stream(a.split(",")))
            .map(String::strip)
            .filter(a -> !a.isEmpty())
            .toList();
    if (names.isEmpty()) {
      throw new ParameterException("cert needs --alt-names with at least one name or IP");
    }
    ClusterService service = context.sealer().clusters();
    String name = ClusterCommands.pick(service, cluster);
    RunResult result = service.cert(name, names, change.options());
    if (change.dryRun) {
      ClusterCommands.printPlan(context.out(), result, true);
    } else {
      context
          .out()
          .println(
              "The API server certificates of cluster "
                  + name
                  + " now name "
                  + String.join(",", names));
    }
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "[options] --alt-names NAMES";
  }

  @Override
  public String examples() {
    return """
        sealer cert --alt-names api.example.com,192.168.0.100""";
  }
}
