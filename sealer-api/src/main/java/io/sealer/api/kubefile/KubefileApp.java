package io.sealer.api.kubefile;

import java.util.List;
import java.util.Objects;

/**
 * An application declared in the Kubefile by APP, CNI or CSI. Its files go to {@code
 * application/apps/<name>/} in the image. Its type (helm, kube, shell) is not known here: the
 * builder detects it from the sources in the build context.
 *
 * @param name the application name (a single path segment)
 * @param kind {@link Keyword#APP}, {@link Keyword#CNI} or {@link Keyword#CSI}
 * @param sources the sources in order, at least one
 * @param line the line of the declaring instruction (the last one if it was re-declared)
 */
public record KubefileApp(String name, Keyword kind, List<AppSource> sources, int line) {
  /** Validates and copies the parts. */
  public KubefileApp {
    Objects.requireNonNull(name, "name");
    if (!kind.declaresApp()) {
      throw new IllegalArgumentException("not an app instruction: " + kind);
    }
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("an app needs at least one source");
    }
  }

  /** The app's directory inside the image, {@code application/apps/<name>/}. */
  public String appRoot() {
    return "application/apps/" + name + "/";
  }
}
