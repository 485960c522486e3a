package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.image.StoredImage;
import java.nio.file.Path;

/** {@code sealer load -i FILE}. */
@Parameters(
    commandNames = "load",
    commandDescription = "Load images from an archive (Sealer, skopeo, podman or docker)")
final class LoadCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(
      names = {"-i", "--input"},
      description = "The archive file to read",
      required = true)
  String input;

  @Override
  public int run(CommandContext context) throws Exception {
    for (StoredImage image : context.sealer().archives().load(Path.of(input))) {
      for (var name : image.names()) {
        context.out().println("Loaded image: " + name + " (id " + image.id().shortHex() + ")");
      }
    }
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "-i FILE";
  }

  @Override
  public String examples() {
    return """
        sealer load -i tiny.tar      # oci-archive or docker-archive, found from the content
        sealer load -i multi.tar     # a Sealer manifest-list archive (Metadata + one tar each)""";
  }
}
