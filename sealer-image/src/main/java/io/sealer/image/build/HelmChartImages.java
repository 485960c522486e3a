package io.sealer.image.build;

import io.sealer.api.SealerException;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Lists the images of a Helm chart. With a {@code helm} binary, the chart is rendered with {@code
 * helm template dryrun <chart>} (default values, Sealer's release name) and the output scanned line
 * by line; without one, image references are read from the chart's values and templates by {@link
 * ChartValuesImages}. Each call says which way was used through a {@link LogEvent}.
 */
final class HelmChartImages {
  private static final long TIMEOUT_MINUTES = 5;

  private final Optional<Path> helm;
  private final EventListener events;

  HelmChartImages(Optional<Path> helm, EventListener events) {
    this.helm = helm;
    this.events = events;
  }

  /** The images of the chart in {@code chartDir}, duplicates removed. */
  List<String> list(Path chartDir) {
    if (helm.isPresent()) {
      String rendered = render(helm.get(), chartDir);
      events.log(
          LogEvent.info(
              "images of Helm chart " + chartDir + ": rendered with " + helm.get() + " template"));
      return ImageLineDecoder.formatImages(ImageLineDecoder.decodeImages(rendered));
    }
    events.log(
        LogEvent.warn(
            "images of Helm chart "
                + chartDir
                + ": no helm binary on the PATH, read from values.yaml and templates instead"
                + " (images chosen by template logic may be missed; install helm to render)"));
    ChartValuesImages reader = new ChartValuesImages(chartDir);
    List<String> images = reader.images();
    for (Path tgz : reader.packedSubcharts()) {
      events.log(
          LogEvent.warn(
              "images of packed sub-chart " + tgz + " are not read without helm; install helm"));
    }
    return ImageLineDecoder.formatImages(images);
  }

  private static String render(Path helm, Path chartDir) {
    ProcessBuilder pb =
        new ProcessBuilder(helm.toString(), "template", "dryrun", chartDir.toString())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    try {
      Process process = pb.start();
      CompletableFuture<String> stderr =
          CompletableFuture.supplyAsync(() -> readQuietly(process.getErrorStream()));
      String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new SealerException(
            "could not render Helm chart "
                + chartDir
                + ": helm template did not finish in "
                + TIMEOUT_MINUTES
                + " minutes");
      }
      if (process.exitValue() != 0) {
        throw new SealerException(
            "could not render Helm chart "
                + chartDir
                + ": helm template exited with "
                + process.exitValue()
                + ": "
                + stderr.join().strip());
      }
      return stdout;
    } catch (IOException e) {
      throw new SealerException(
          "could not render Helm chart " + chartDir + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SealerException("could not render Helm chart " + chartDir + ": interrupted", e);
    }
  }

  private static String readQuietly(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The first executable {@code helm} on the {@code PATH}, if any. */
  static Optional<Path> findOnPath(@Nullable String pathVariable) {
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, "helm");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
