package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer logout REGISTRY}. */
@Parameters(
    commandNames = "logout",
    commandDescription = "Remove the saved credentials of a registry from ~/.sealer/auth.json")
final class LogoutCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(description = "REGISTRY")
  List<String> args = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() != 1) {
      throw new ParameterException("logout needs exactly one registry");
    }
    if (context.sealer().registry().logout(args.get(0))) {
      context.out().println("Removed login credentials for " + args.get(0));
    } else {
      context.err().println("Not logged in to " + args.get(0));
    }
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "REGISTRY";
  }

  @Override
  public String examples() {
    return """
        sealer logout registry.example.com   # forget the saved credentials""";
  }
}
