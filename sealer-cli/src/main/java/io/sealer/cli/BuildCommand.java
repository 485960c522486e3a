package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.Platform;
import io.sealer.api.build.BuildRequest;
import io.sealer.api.image.StoredImage;
import io.sealer.api.kubefile.BuildArgs;
import io.sealer.api.registry.PullPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code sealer build [-f Kubefile] -t NAME [options] [CONTEXT]}. */
@Parameters(
    commandNames = "build",
    commandDescription = "Build a ClusterImage from a Kubefile, without a container engine")
final class BuildCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(
      names = {"-f", "--file"},
      description = "The Kubefile (default: CONTEXT/Kubefile)")
  String file;

  @Parameter(
      names = {"-t", "--tag"},
      description = "The name of the image",
      required = true)
  String tag;

  @Parameter(
      names = "--platform",
      description = "os/arch[/variant] to build for (default: this machine)")
  List<String> platforms = new ArrayList<>();

  @Parameter(names = "--build-arg", description = "K=V build argument (repeatable, or K=V,K2=V2)")
  List<String> buildArgs = new ArrayList<>();

  @Parameter(names = "--label", description = "K=V image label (repeatable)")
  List<String> labels = new ArrayList<>();

  @Parameter(names = "--annotation", description = "K=V manifest annotation (repeatable)")
  List<String> annotations = new ArrayList<>();

  @Parameter(
      names = "--no-cache",
      description = "Rebuild every layer instead of reusing cached ones")
  boolean noCache;

  @Parameter(
      names = "--pull",
      description =
          "When to pull the FROM image: missing (default, also ifnewer/false), always (true), never")
  String pull = "missing";

  @Parameter(names = "--type", description = "kube-installer (default) or app-installer")
  String type = "kube-installer";

  @Parameter(
      names = "--build-mode",
      description = "all (default): cache the container images the cluster needs; lite: do not")
  String buildMode = "all";

  @Parameter(names = "--image-list", description = "A file of extra images to cache, one a line")
  String imageList;

  @Parameter(names = "--ignored-image-list", description = "A file of images not to cache")
  String ignoredImageList;

  @Parameter(
      names = "--image-list-with-auth",
      description = "A YAML file of {registry, username, password, images} sections to cache")
  String imageListWithAuth;

  @Parameter(description = "CONTEXT")
  List<String> args = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() > 1) {
      throw new ParameterException("build takes at most one CONTEXT directory");
    }
    Path dir = Path.of(args.isEmpty() ? "." : args.get(0));
    BuildRequest.Builder b =
        BuildRequest.builder(dir, tag)
            .buildArgs(BuildArgs.parse(buildArgs))
            .labels(pairs("--label", labels))
            .annotations(pairs("--annotation", annotations))
            .noCache(noCache)
            .pull(pullPolicy(pull))
            .type(type)
            .mode(mode(buildMode))
            .imageList(path(imageList))
            .ignoredImageList(path(ignoredImageList))
            .imageListWithAuth(path(imageListWithAuth));
    if (file != null) {
      b.kubefile(Path.of(file));
    }
    for (String p : platforms) {
      for (String one : p.split(",")) {
        try {
          b.platform(Platform.parse(one.trim()));
        } catch (IllegalArgumentException e) {
          throw new ParameterException("bad --platform " + one + ": " + e.getMessage());
        }
      }
    }
    BuildRequest request;
    try {
      request = b.build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(e.getMessage());
    }
    StoredImage image = context.sealer().imageBuilder().build(request);
    context.out().println(image.id().hex());
    return SealerCli.OK;
  }

  private static Path path(String s) {
    return s == null ? null : Path.of(s);
  }

  static Map<String, String> pairs(String flag, List<String> items) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(flag + " should be key=value, got '" + item + "'");
      }
      out.put(item.substring(0, eq), item.substring(eq + 1));
    }
    return out;
  }

  static PullPolicy pullPolicy(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "missing", "ifmissing", "ifnewer", "false" -> PullPolicy.MISSING;
      case "always", "true" -> PullPolicy.ALWAYS;
      case "never" -> PullPolicy.NEVER;
      default ->
          throw new ParameterException(
              "--pull should be missing, always or never (or true/false/ifnewer), not " + text);
    };
  }

  static BuildRequest.BuildMode mode(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "all" -> BuildRequest.BuildMode.ALL;
      case "lite" -> BuildRequest.BuildMode.LITE;
      default -> throw new ParameterException("--build-mode should be all or lite, not " + text);
    };
  }

  @Override
  public String usage() {
    return "[-f Kubefile] -t NAME [options] [CONTEXT]";
  }

  @Override
  public String examples() {
    return """
        sealer build -t my-cluster:v1 .                           # ./Kubefile, images cached
        sealer build -f Kubefile.app -t my-app:v1 --type app-installer --build-mode lite .
        sealer build -t k8s:v1.25 --build-arg VERSION=1.25.3 --platform linux/arm64 .
        sealer build -t my-app:v1 --image-list extra-images.txt --no-cache .""";
  }
}
