package io.sealer.image.build;

import io.sealer.api.SealerException;
import io.sealer.api.build.AppType;
import io.sealer.api.build.ImageApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Detects the type and launch files of an application from the sources an {@code APP}, {@code CNI}
 * or {@code CSI} instruction copies, with Sealer's rules:
 *
 * <ol>
 *   <li><b>helm</b> if a directory source directly holds {@code Chart.yaml}, {@code values.yaml}
 *       and {@code templates}, or those three are given as top-level sources (a chart deeper down
 *       is not detected);
 *   <li>otherwise each file (recursively) is classified by extension: {@code .sh} shell, {@code
 *       .yaml}/{@code .yml} kube, anything else unknown; any unknown or a mix gives {@link
 *       AppType#UNKNOWN}.
 * </ol>
 *
 * <p>Launch files: {@code [name]} for helm; for kube the base name of each file source and, for a
 * directory source, each file's path below it with a leading {@code /} (as Sealer records it); for
 * shell the same but from the first source only. Walks go in lexical order.
 */
final class ApplicationDetector {
  private static final String CHART = "Chart.yaml";
  private static final String VALUES = "values.yaml";
  private static final String TEMPLATES = "templates";
  private static final String LOCAL = "local://";

  private ApplicationDetector() {}

  /**
   * Detects a {@code v1} application from its sources.
   *
   * @param name the application name
   * @param sources files or directories as they will be copied (must exist)
   * @throws SealerException if a source cannot be read
   */
  public static ImageApplication detect(String name, List<Path> sources) {
    try {
      AppType type = applicationType(sources);
      return ImageApplication.of(name, type, applicationFiles(name, type, sources));
    } catch (IOException | UncheckedIOException e) {
      throw new SealerException(
          "could not detect the type of application " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * Detects an application from sources written as in a Kubefile, relative to the build context
   * ({@code local://manifests/app.yaml}, or without the scheme). Downloaded {@code http(s)://}
   * sources are given to {@link #detect(String, List)} as the files they were saved to.
   *
   * @throws SealerException if a source is missing or lies outside the build context
   */
  public static ImageApplication detect(String name, Path context, List<String> localSources) {
    Path root = context.toAbsolutePath().normalize();
    List<Path> sources = new ArrayList<>();
    for (String source : localSources) {
      String relative = source.startsWith(LOCAL) ? source.substring(LOCAL.length()) : source;
      Path resolved = root.resolve(relative).normalize();
      if (!resolved.startsWith(root) || !realPathWithin(resolved, root)) {
        throw new SealerException(
            "could not read source "
                + source
                + " of application "
                + name
                + ": it is outside the build context "
                + context);
      }
      if (!Files.exists(resolved)) {
        throw new SealerException(
            "could not read source "
                + source
                + " of application "
                + name
                + ": "
                + resolved
                + " does not exist");
      }
      sources.add(resolved);
    }
    return detect(name, sources);
  }

  /**
   * Whether a path, with symbolic links followed, stays inside the root (true if it is missing).
   */
  private static boolean realPathWithin(Path path, Path root) {
    try {
      return !Files.exists(path) || path.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the sources make a Helm chart (Sealer's {@code isHelm}). */
  static boolean isHelm(List<Path> sources) throws IOException {
    int seen = 0;
    for (Path source : sources) {
      if (!Files.exists(source)) {
        throw new IOException("source " + source + " does not exist");
      }
      if (Files.isDirectory(source)) {
        if (isChartDirectory(source)) {
          return true;
        }
        try (Stream<Path> children = Files.list(source)) {
          for (Path child : (Iterable<Path>) children::iterator) {
            if (!Files.isDirectory(child)) {
              seen |= chartArtifactBit(child);
            }
          }
        }
      } else {
        seen |= chartArtifactBit(source);
      }
    }
    return seen == 7;
  }

  /**
   * Whether a directory directly holds {@code Chart.yaml}, {@code values.yaml}, {@code templates}.
   */
  static boolean isChartDirectory(Path dir) {
    return Files.exists(dir.resolve(CHART))
        && Files.exists(dir.resolve(VALUES))
        && Files.exists(dir.resolve(TEMPLATES));
  }

  private static int chartArtifactBit(Path path) {
    Path fileName = path.getFileName();
    String name = fileName == null ? "" : fileName.toString();
    return switch (name) {
      case CHART -> 1;
      case VALUES -> 2;
      case TEMPLATES -> 4;
      default -> 0;
    };
  }

  /** The type of an application (Sealer's {@code getApplicationType}). */
  static AppType applicationType(List<Path> sources) throws IOException {
    if (isHelm(sources)) {
      return AppType.HELM;
    }
    boolean shell = false;
    boolean kube = false;
    for (Path source : sources) {
      for (Path file : filesOf(source)) {
        AppType type = typeOfFile(file);
        if (type == AppType.UNKNOWN) {
          return AppType.UNKNOWN;
        }
        shell |= type == AppType.SHELL;
        kube |= type == AppType.KUBE;
      }
    }
    if (shell != kube) {
      return shell ? AppType.SHELL : AppType.KUBE;
    }
    return AppType.UNKNOWN;
  }

  private static AppType typeOfFile(Path file) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    if (name.endsWith(".sh")) {
      return AppType.SHELL;
    }
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return AppType.KUBE;
    }
    return AppType.UNKNOWN;
  }

  /** The launch files of an application (Sealer's {@code getApplicationFiles}). */
  static List<String> applicationFiles(String name, AppType type, List<Path> sources)
      throws IOException {
    if (type == AppType.UNKNOWN) {
      return List.of();
    }
    if (type == AppType.HELM) {
      return List.of(name);
    }
    List<String> files = new ArrayList<>();
    for (Path source : sources) {
      if (Files.isDirectory(source)) {
        for (Path file : filesOf(source)) {
          files.add("/" + slashPath(source.relativize(file)));
        }
      } else {
        files.add(String.valueOf(source.getFileName()));
      }
      if (type == AppType.SHELL) {
        break;
      }
    }
    return files;
  }

  /** The regular files under a source (itself if it is a file), in lexical walk order. */
  private static List<Path> filesOf(Path source) throws IOException {
    if (!Files.isDirectory(source)) {
      return List.of(source);
    }
    List<Path> files = new ArrayList<>();
    walkLexical(source, files);
    return files;
  }

  private static void walkLexical(Path dir, List<Path> out) throws IOException {
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.sorted(Comparator.comparing(p -> String.valueOf(p.getFileName()))).toList();
    }
    for (Path child : children) {
      if (Files.isDirectory(child)) {
        walkLexical(child, out);
      } else {
        out.add(child);
      }
    }
  }

  private static String slashPath(Path relative) {
    return relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
  }
}
