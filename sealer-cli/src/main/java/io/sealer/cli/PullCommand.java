package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.ImageReference;
import io.sealer.api.Platform;
import io.sealer.api.registry.PullOptions;
import io.sealer.api.registry.PullPolicy;
import io.sealer.api.registry.PullResult;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer pull NAME}. */
@Parameters(
    commandNames = "pull",
    commandDescription = "Pull an image from a registry into the local store")
final class PullCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(description = "NAME")
  List<String> args = new ArrayList<>();

  @Parameter(
      names = "--platform",
      description =
          "The platform to pull from a manifest list, os/arch[/variant] (default: this machine's)")
  String platform;

  @Parameter(names = "--policy", description = "When to ask the registry: always, missing or never")
  String policy = "always";

  @ParametersDelegate TransferOptions transfer = new TransferOptions();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() != 1) {
      throw new ParameterException("pull needs exactly one image name");
    }
    int jobs = transfer.jobs();
    PullPolicy pullPolicy;
    try {
      pullPolicy = PullPolicy.parse(policy);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(e.getMessage());
    }
    Platform wanted = platform == null ? Platform.host() : Platform.parse(platform);
    ImageReference image = ImageReference.parse(args.get(0));
    PullResult r =
        context
            .sealer()
            .registry()
            .pull(image, new PullOptions(wanted, pullPolicy, transfer.skipTlsVerify, jobs));
    if (r.fromRegistry()) {
      context
          .out()
          .printf(
              "Pulled %s@%s (%d downloaded, %d already stored)%n",
              r.image(), r.manifest().digest(), r.blobsDownloaded(), r.blobsSkipped());
    } else {
      context.out().printf("Using local %s@%s%n", r.image(), r.manifest().digest());
    }
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "[options] NAME";
  }

  @Override
  public String examples() {
    return """
        sealer pull docker.io/sealerio/kubernetes:v1.22.15              # this machine's platform
        sealer pull registry.example.com/k8s:v1.25 --platform linux/arm64
        sealer pull 192.168.0.10:5000/k8s:v1.25 --skip-tls-verify --policy missing""";
  }
}
