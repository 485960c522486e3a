package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.image.ArchiveFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer save -o FILE [--format F] NAME}. */
@Parameters(commandNames = "save", commandDescription = "Write a local image to an archive file")
final class SaveCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(
      names = {"-o", "--output"},
      description = "The archive file to write",
      required = true)
  String output;

  @Parameter(names = "--format", description = "oci-archive (default) or docker-archive")
  String format = ArchiveFormat.OCI_ARCHIVE.cliName();

  @Parameter(description = "NAME|ID")
  List<String> args = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() != 1) {
      throw new ParameterException("save takes exactly one image NAME or ID");
    }
    ArchiveFormat f = ArchiveFormat.parse(format);
    context.sealer().archives().save(args.get(0), Path.of(output), f);
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "-o FILE [--format oci-archive|docker-archive] NAME|ID";
  }

  @Override
  public String examples() {
    return """
        sealer save -o tiny.tar tiny:v1                          # oci-archive, as Sealer writes
        sealer save -o tiny.tar --format docker-archive tiny:v1  # for 'docker load'""";
  }
}
