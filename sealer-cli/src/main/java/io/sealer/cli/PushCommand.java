package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.ImageReference;
import io.sealer.api.registry.PushOptions;
import io.sealer.api.registry.PushResult;
import java.util.ArrayList;
import java.util.List;

/** {@code sealer push NAME}. */
@Parameters(
    commandNames = "push",
    commandDescription = "Push an image from the local store to the registry its name points at")
final class PushCommand implements CliCommand {
  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(description = "NAME")
  List<String> args = new ArrayList<>();

  @Parameter(names = "--all", description = "Push every platform of a manifest list")
  boolean all;

  @ParametersDelegate TransferOptions transfer = new TransferOptions();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() != 1) {
      throw new ParameterException("push needs exactly one image name");
    }
    int jobs = transfer.jobs();
    ImageReference image = ImageReference.parse(args.get(0));
    PushResult r =
        context.sealer().registry().push(image, new PushOptions(all, transfer.skipTlsVerify, jobs));
    context
        .out()
        .printf(
            "Pushed %s@%s (%d uploaded, %d already there, %d mounted%s)%n",
            r.image(),
            r.manifest().digest(),
            r.blobsUploaded(),
            r.blobsSkipped(),
            r.blobsMounted(),
            r.bytesResent() > 0
                ? ", " + ConsoleEvents.humanBytes(r.bytesResent()) + " sent again after errors"
                : "");
    return SealerCli.OK;
  }

  @Override
  public String usage() {
    return "[options] NAME";
  }

  @Override
  public String examples() {
    return """
        sealer push registry.example.com/sealer/k8s:v1.25          # needs 'sealer login' first if the registry asks
        sealer push 192.168.0.10:5000/k8s:v1.25 --skip-tls-verify  # plain-HTTP registry
        sealer push registry.example.com/k8s:v1.25 --all --jobs 3  # every platform, 3 layers at once""";
  }
}
