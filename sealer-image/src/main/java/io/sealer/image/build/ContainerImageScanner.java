package io.sealer.image.build;

import io.sealer.api.ImageReference;
import io.sealer.api.InvalidReferenceException;
import io.sealer.api.ParseException;
import io.sealer.api.Platform;
import io.sealer.api.SealerException;
import io.sealer.api.build.ContainerImage;
import io.sealer.api.build.ImageRepositoryConflictException;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Finds the container images a ClusterImage needs in its freshly built rootfs, as Sealer does (spec
 * §3.1): {@code image:} lines of {@code manifests/**.{yaml,yml,tmpl}}, Helm charts under {@code
 * charts/}, the lines of {@code manifests/imageList}, each application directory under {@code
 * application/apps/} (its images tagged with the application name), and an {@code --image-list}
 * file; minus an {@code --ignored-image-list} file.
 *
 * <p>References are normalised ({@code nginx} is {@code docker.io/library/nginx:latest}) and
 * de-duplicated per application. Unlike Sealer, an unparsable reference in a user's list file is an
 * error with its line, one found by scanning is dropped with a warning, and two images whose
 * repository paths are equal but whose registries differ are refused ({@link
 * ImageRepositoryConflictException}) because the image's {@code registry/} stores them in one
 * place.
 */
final class ContainerImageScanner {
  private final Path rootfs;
  private final @Nullable Platform platform;
  private final @Nullable Path imageList;
  private final @Nullable Path ignoredImageList;
  private final List<ImageReference> authenticatedImages;
  private final HelmChartImages charts;
  private final EventListener events;

  private ContainerImageScanner(Builder b) {
    this.rootfs = b.rootfs;
    this.platform = b.platform;
    this.imageList = b.imageList;
    this.ignoredImageList = b.ignoredImageList;
    this.authenticatedImages = List.copyOf(b.authenticatedImages);
    this.events = b.events;
    Optional<Path> helm = b.helmSet ? Optional.ofNullable(b.helm) : findHelmOnPath();
    this.charts = new HelmChartImages(helm, b.events);
  }

  /** A scanner of the rootfs at {@code rootfs}. */
  public static Builder builder(Path rootfs) {
    return new Builder(rootfs);
  }

  /** The first executable {@code helm} on this process's {@code PATH}, if any. */
  public static Optional<Path> findHelmOnPath() {
    return HelmChartImages.findOnPath(System.getenv("PATH"));
  }

  /**
   * Scans the rootfs.
   *
   * @return the images, in discovery order, each once per application
   * @throws ParseException if a line of a list file is not an image reference
   * @throws ImageRepositoryConflictException if two registries' images share a repository path
   * @throws SealerException if a file cannot be read or a chart cannot be rendered
   */
  public List<ContainerImage> scan() {
    List<Found> found = new ArrayList<>();
    Path manifests = rootfs.resolve("manifests");
    for (Path file : walkFiles(manifests)) {
      if (isYamlOrTemplate(file)) {
        addScanned(
            found,
            ImageLineDecoder.formatImages(ImageLineDecoder.decodeImages(read(file))),
            null,
            file);
      }
    }
    for (Path chart : findCharts(rootfs.resolve("charts"))) {
      addScanned(found, charts.list(chart), null, chart);
    }
    Path rawList = manifests.resolve("imageList");
    if (Files.isRegularFile(rawList)) {
      addScanned(
          found, ImageLineDecoder.formatImages(read(rawList).lines().toList()), null, rawList);
    }
    Path apps = rootfs.resolve("application").resolve("apps");
    for (Path app : children(apps)) {
      if (!Files.isDirectory(app)) {
        continue;
      }
      String appName = String.valueOf(app.getFileName());
      if (ApplicationDetector.isChartDirectory(app)) {
        for (Path chart : findCharts(app)) {
          addScanned(found, charts.list(chart), appName, chart);
        }
      } else {
        List<String> images = new ArrayList<>();
        for (Path file : walkFiles(app)) {
          if (isYamlOrTemplate(file)) {
            images.addAll(ImageLineDecoder.decodeImages(read(file)));
          }
        }
        addScanned(found, ImageLineDecoder.formatImages(images), appName, app);
      }
    }
    if (imageList != null && Files.isRegularFile(imageList)) {
      for (Map.Entry<Integer, String> e : listFile(imageList).entrySet()) {
        found.add(new Found(parseListed(imageList, e.getKey(), e.getValue()), null));
      }
    }
    Set<ImageReference> ignored = new HashSet<>();
    if (ignoredImageList != null && Files.isRegularFile(ignoredImageList)) {
      for (Map.Entry<Integer, String> e : listFile(ignoredImageList).entrySet()) {
        ignored.add(parseListed(ignoredImageList, e.getKey(), e.getValue()));
      }
    }
    return finish(found, ignored);
  }

  private List<ContainerImage> finish(List<Found> found, Set<ImageReference> ignored) {
    LinkedHashSet<ContainerImage> result = new LinkedHashSet<>();
    Map<String, ImageReference> byRepository = new HashMap<>();
    List<Found> all = new ArrayList<>();
    for (Found f : found) {
      if (!ignored.contains(f.reference)) {
        all.add(f);
      }
    }
    // images of --image-list-with-auth are added after the ignore list, as Sealer does
    authenticatedImages.forEach(r -> all.add(new Found(r, null)));
    for (Found f : all) {
      ImageReference seen = byRepository.putIfAbsent(f.reference.repository(), f.reference);
      if (seen != null && !seen.registry().equals(f.reference.registry())) {
        throw new ImageRepositoryConflictException(
            f.reference.repository(), seen.toString(), f.reference.toString());
      }
      result.add(new ContainerImage(f.reference.toString(), f.appName, platform));
    }
    events.log(
        LogEvent.info("found " + result.size() + " container image(s) to cache in " + rootfs));
    return List.copyOf(result);
  }

  private void addScanned(
      List<Found> found, List<String> images, @Nullable String appName, Path where) {
    for (String image : images) {
      try {
        found.add(new Found(ImageReference.parse(image.strip()), appName));
      } catch (InvalidReferenceException e) {
        events.log(
            LogEvent.warn(
                "skipped image reference \""
                    + image
                    + "\" found in "
                    + where
                    + ": "
                    + e.getMessage()));
      }
    }
  }

  private static ImageReference parseListed(Path file, int line, String text) {
    try {
      return ImageReference.parse(text.strip());
    } catch (InvalidReferenceException e) {
      throw new ParseException(file.toString(), line, 0, e.getMessage(), e);
    }
  }

  /** The non-blank, non-comment lines of a list file, by 1-based line number, quotes trimmed. */
  private static Map<Integer, String> listFile(Path file) {
    Map<Integer, String> out = new LinkedHashMap<>();
    List<String> lines = read(file).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      List<String> formatted = ImageLineDecoder.formatImages(List.of(lines.get(i)));
      if (!formatted.isEmpty()) {
        out.put(i + 1, formatted.get(0));
      }
    }
    return out;
  }

  /** Chart directories under {@code dir}; directories below a chart are not searched. */
  private static List<Path> findCharts(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    if (ApplicationDetector.isChartDirectory(dir)) {
      out.add(dir);
      return out;
    }
    for (Path child : children(dir)) {
      if (Files.isDirectory(child)) {
        out.addAll(findCharts(child));
      }
    }
    return out;
  }

  private static boolean isYamlOrTemplate(Path file) {
    String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".tmpl");
  }

  private static List<Path> walkFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new SealerException("could not scan " + dir + " for images: " + e.getMessage(), e);
    }
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.sorted().toList();
    } catch (IOException e) {
      throw new SealerException("could not scan " + dir + " for images: " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SealerException("could not read " + file + ": " + e.getMessage(), e);
    }
  }

  private record Found(ImageReference reference, @Nullable String appName) {}

  /** Options of a scan. */
  public static final class Builder {
    private final Path rootfs;
    private @Nullable Platform platform;
    private @Nullable Path imageList;
    private @Nullable Path ignoredImageList;
    private @Nullable Path helm;
    private boolean helmSet;
    private List<ImageReference> authenticatedImages = List.of();
    private EventListener events = EventListener.NONE;

    private Builder(Path rootfs) {
      this.rootfs = Objects.requireNonNull(rootfs, "rootfs");
    }

    /** The platform recorded with each image (the platform being built). */
    public Builder platform(Platform value) {
      this.platform = value;
      return this;
    }

    /** The {@code --image-list} file: one image a line; ignored if it does not exist. */
    public Builder imageList(@Nullable Path value) {
      this.imageList = value;
      return this;
    }

    /** The {@code --ignored-image-list} file; ignored if it does not exist. */
    public Builder ignoredImageList(@Nullable Path value) {
      this.ignoredImageList = value;
      return this;
    }

    /**
     * The {@code helm} binary that renders charts, or {@code null} to read charts without Helm.
     * Default: the first {@code helm} on the {@code PATH}.
     */
    public Builder helm(@Nullable Path value) {
      this.helm = value;
      this.helmSet = true;
      return this;
    }

    /**
     * Images of {@code --image-list-with-auth} ({@link ImageListWithAuth}): listed after the
     * others, not subject to the ignore list, checked for repository conflicts with them.
     */
    public Builder authenticatedImages(Collection<ImageReference> value) {
      this.authenticatedImages = List.copyOf(value);
      return this;
    }

    /** Where log events go. */
    public Builder events(EventListener value) {
      this.events = Objects.requireNonNull(value, "events");
      return this;
    }

    /** The scanner. */
    public ContainerImageScanner build() {
      return new ContainerImageScanner(this);
    }
  }
}
