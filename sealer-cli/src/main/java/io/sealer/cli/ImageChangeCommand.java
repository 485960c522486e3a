package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.cluster.Clusterfile;
import io.sealer.api.runtime.ClusterService;
import io.sealer.api.runtime.RunOptions;
import io.sealer.api.runtime.RunResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code sealer upgrade IMAGE} and {@code sealer rollback IMAGE}: the cluster moved to another
 * kube-installer image, whose {@code upgrade-host} hooks and {@code upgrade} (or {@code rollback})
 * hooks do the work.
 */
abstract class ImageChangeCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @ParametersDelegate ChangeOptions change = new ChangeOptions();

  @Parameter(description = "IMAGE")
  List<String> args = new ArrayList<>();

  @Parameter(
      names = {"-f", "--Clusterfile"},
      description = "A Clusterfile naming the cluster (metadata.name) and the image (spec.image)")
  String clusterfile;

  @Parameter(
      names = {"-c", "--cluster-name"},
      description = "The cluster (default: the only one recorded)")
  String cluster;

  /** {@code --cluster}, as the other cluster commands spell it. */
  @Parameter(names = "--cluster", hidden = true)
  String clusterAlias;

  @Parameter(
      names = "--apps",
      description = "Apps of the new image to launch on master0 afterwards (repeatable)")
  List<String> apps = new ArrayList<>();

  @Parameter(
      names = "--ignore-cache",
      description = "Compute the digests of the image's files again before sending them")
  boolean ignoreCache;

  /** {@code upgrade} or {@code rollback}. */
  abstract String operation();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() > 1) {
      throw new ParameterException(operation() + " takes one image");
    }
    String image = args.isEmpty() ? null : args.get(0);
    String name = cluster != null ? cluster : clusterAlias;
    if (clusterfile != null) {
      Clusterfile cf = ClusterCommands.read(context, clusterfile);
      if (image != null && !cf.cluster().image().isBlank()) {
        throw new ParameterException(
            "give the image in the Clusterfile (spec.image) or as an argument, not both");
      }
      if (image == null) {
        image = cf.cluster().image();
      }
      if (name == null) {
        name = cf.cluster().name();
      }
    }
    if (image == null || image.isBlank()) {
      throw new ParameterException(
          "you must input image name Or use Clusterfile (" + operation() + " IMAGE)");
    }
    List<String> appNames =
        apps.stream()
            .flatMap(a -> Arrays.stream(a.split(",")))
            .map(String::strip)
            .filter(a -> !a.isEmpty())
            .toList();
    ClusterService service = context.sealer().clusters();
    name = ClusterCommands.pick(service, name);
    RunOptions options = change.options();
    RunResult result =
        "rollback".equals(operation())
            ? service.rollback(name, image, appNames, ignoreCache, options)
            : service.upgrade(name, image, appNames, ignoreCache, options);
    if (options.dryRun()) {
      ClusterCommands.printPlan(context.out(), result, true);
    } else {
      context.out().println("Cluster " + name + " now runs " + image);
    }
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "[options] IMAGE | -f Clusterfile";
  }

  /** {@code sealer upgrade}. */
  @Parameters(
      commandNames = "upgrade",
      commandDescription =
          "Upgrade a Kubernetes cluster to another ClusterImage: send its rootfs, then run its"
              + " upgrade-host hooks on every host and its upgrade hooks on master0")
  static final class Upgrade extends ImageChangeCommand {
    @Override
    String operation() {
      return "upgrade";
    }

    @Override
    public String examples() {
      return """
          sealer upgrade my-kubernetes:v1.23.0               # the only cluster recorded
          sealer upgrade my-kubernetes:v1.23.0 -c my-cluster --dry-run
          sealer upgrade -f Clusterfile                      # cluster and image from the file""";
    }
  }

  /** {@code sealer rollback}. */
  @Parameters(
      commandNames = "rollback",
      commandDescription =
          "Roll a Kubernetes cluster back to an earlier ClusterImage: send its rootfs, then run its"
              + " upgrade-host hooks on every host and its rollback hooks on master0")
  static final class Rollback extends ImageChangeCommand {
    @Override
    String operation() {
      return "rollback";
    }

    @Override
    public String examples() {
      return """
          sealer rollback my-kubernetes:v1.22.0
          sealer rollback my-kubernetes:v1.22.0 -c my-cluster""";
    }
  }
}
