package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerException;
import io.sealer.api.image.ImageNames;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer tag SRC DST...}. */
@Parameters(commandNames = "tag", commandDescription = "Give a local image one or more new names")
final class TagCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(description = "SOURCE NEW_NAME...")
  List<String> args = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() < 2) {
      throw new ParameterException("tag needs a source image and at least one new name");
    }
    ImageStore store = context.sealer().images();
    StoredImage source = store.require(args.get(0));
    List<ImageReference> targets = new ArrayList<>();
    for (String name : args.subList(1, args.size())) {
      ImageReference target = ImageNames.forLocalImage(name);
      if (target.digest() != null && !target.digest().equals(source.manifest().digest())) {
        throw new SealerException(
            "could not tag "
                + args.get(0)
                + " as "
                + name
                + ": its manifest digest is "
                + source.manifest().digest()
                + ", not "
                + target.digest()
                + " (a name with @digest must carry the image's own digest)");
      }
      targets.add(target);
    }
    for (ImageReference target : targets) {
      store.setName(target, source.manifest());
    }
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "[options] SOURCE NEW_NAME...";
  }

  @Override
  public String examples() {
    return """
        sealer tag tiny:v1 tiny:latest                      # becomes localhost/tiny:latest
        sealer tag tiny:v1 registry.example.com/x/tiny:v1   # ready to push""";
  }
}
