package io.sealer.cli;

import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.image.PruneReport;

/** {@code sealer prune}. */
@Parameters(
    commandNames = "prune",
    commandDescription = "Delete image content no name refers to, and unfinished downloads")
final class PruneCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Override
  public int run(CommandContext context) throws Exception {
    PruneReport report = context.sealer().imageMaintenance().prune();
    context
        .out()
        .println(
            "removed "
                + report.removedBlobs().size()
                + " blobs and "
                + report.removedUnfinished()
                + " unfinished files, freed "
                + ImageDetails.humanSize(report.freedBytes()));
    return SealerCli.OK;
  }

  @Override
  public String examples() {
    return """
        sealer prune    # after rmi, or after an interrupted pull""";
  }
}
