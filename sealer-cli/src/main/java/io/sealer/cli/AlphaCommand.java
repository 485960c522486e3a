package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.image.FsckReport;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer alpha fsck}: experimental commands. */
@Parameters(commandNames = "alpha", commandDescription = "Experimental commands: fsck")
final class AlphaCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(description = "SUBCOMMAND [ARGS...]")
  List<String> args = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.isEmpty()) {
      throw new ParameterException("alpha needs a subcommand: fsck");
    }
    return switch (args.get(0)) {
      case "fsck" -> fsck(context);
      default -> throw new ParameterException("unknown alpha subcommand " + args.get(0));
    };
  }

  private int fsck(CommandContext context) throws Exception {
    FsckReport report = context.sealer().imageMaintenance().fsck();
    for (String problem : report.problems()) {
      context.out().println(problem);
    }
    if (!report.ok()) {
      context
          .err()
          .println(
              "sealer: could not verify the image store: "
                  + report.problems().size()
                  + " problems");
      return SealerCli.FAILURE;
    }
    context
        .out()
        .println(
            "ok: "
                + report.checkedNames()
                + " names, "
                + report.checkedBlobs()
                + " blobs verified");
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "fsck";
  }

  @Override
  public String examples() {
    return """
        sealer alpha fsck    # re-hash every blob a name refers to; exit 1 if any is wrong""";
  }
}
