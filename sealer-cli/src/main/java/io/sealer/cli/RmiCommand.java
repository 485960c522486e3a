package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.ImageReference;
import io.sealer.api.SealerException;
import io.sealer.api.event.LogEvent;
import io.sealer.api.image.ImageNames;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.StoredImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code sealer rmi}: removes names (all of them given an id, with {@code -f} if several), then
 * prunes the content nothing refers to any more.
 */
@Parameters(commandNames = "rmi", commandDescription = "Remove local images")
final class RmiCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(
      names = {"-f", "--force"},
      description = "Remove every name of an image given by id")
  boolean force;

  @Parameter(description = "NAME|ID...")
  List<String> args = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.isEmpty()) {
      throw new ParameterException("rmi needs at least one image name or id");
    }
    ImageStore store = context.sealer().images();
    Set<ImageReference> remove = new LinkedHashSet<>();
    for (String arg : args) {
      StoredImage image = store.require(arg);
      ImageReference byName = nameMatching(image, arg);
      if (byName != null) {
        remove.add(byName);
      } else if (image.names().size() > 1 && !force) {
        throw new SealerException(
            "could not remove image "
                + arg
                + ": it has "
                + image.names().size()
                + " names ("
                + image.names()
                + "); remove them by name or use -f");
      } else {
        remove.addAll(image.names());
      }
    }
    for (ImageReference name : remove) {
      store.removeName(name);
      context.out().println("untagged: " + name);
    }
    try {
      var report = context.sealer().imageMaintenance().prune();
      context
          .events()
          .onEvent(
              LogEvent.info(
                  "removed "
                      + report.removedBlobs().size()
                      + " blobs, freed "
                      + ImageDetails.humanSize(report.freedBytes())));
    } catch (SealerException e) {
      context.events().onEvent(LogEvent.warn(e.getMessage()));
    }
    return SealerCli.OK;
  }

  private static ImageReference nameMatching(StoredImage image, String arg) {
    if (!ImageReference.isValid(arg)) {
      return null;
    }
    for (ImageReference candidate : ImageNames.candidates(arg)) {
      if (image.names().contains(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @Override
  public String usage() {
    return "[options] NAME|ID...";
  }

  @Override
  public String examples() {
    return """
        sealer rmi tiny:v1            # remove one name; content goes when no name is left
        sealer rmi -f 447d3ad879f0    # remove an image by id with all its names""";
  }
}
