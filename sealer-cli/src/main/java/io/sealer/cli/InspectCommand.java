package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.Platform;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.api.resolve.ResolvedImage;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer inspect}: the JSON Sealer v0.11 prints, annotations decoded. */
@Parameters(
    commandNames = "inspect",
    commandDescription = "Show an image's manifest, config and decoded Sealer annotations as JSON")
final class InspectCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(description = "NAME|ID", required = true)
  List<String> names = new ArrayList<>();

  @Parameter(
      names = "--platform",
      description =
          "The variant to show (os/arch[/variant]); the image must have it. Default: this"
              + " machine's, for a manifest list")
  String platform;

  @Override
  public int run(CommandContext context) throws Exception {
    if (names.size() != 1) {
      throw new com.beust.jcommander.ParameterException("inspect takes exactly one NAME or ID");
    }
    ImageResolver resolver = context.sealer().imageResolver();
    ResolvedImage image =
        resolver.resolve(names.get(0), platform != null ? Platform.parse(platform) : null);
    context.out().println(resolver.inspect(image));
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "[options] NAME|ID";
  }

  @Override
  public String examples() {
    return """
        sealer inspect localhost/tiny:v1   # by name
        sealer inspect tiny:v1             # short name: localhost/ or docker.io (see docs/images.md)
        sealer inspect 447d3ad879f0        # by image id prefix
        sealer inspect --platform linux/arm64 tiny:v1   # one variant of a multi-platform image""";
  }
}
