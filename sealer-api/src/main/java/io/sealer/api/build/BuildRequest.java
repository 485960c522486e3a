package io.sealer.api.build;

import io.sealer.api.Platform;
import io.sealer.api.registry.PullPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@code sealer build} is asked to do. Made with {@link #builder(Path, String)}.
 *
 * @param kubefile the Kubefile to build
 * @param context the build context: COPY, ADD and {@code local://} sources are relative to it
 * @param tag the name to give the image (unqualified names go under {@code localhost/})
 * @param platforms the platforms to build for; empty means this machine's
 * @param buildArgs the {@code --build-arg} values, overriding ARG defaults
 * @param labels the {@code --label} values, added to the config labels
 * @param annotations the {@code --annotation} values, added to the manifest annotations
 * @param noCache whether to rebuild every layer instead of reusing cached ones
 * @param pull when to pull the base image of FROM ({@link PullPolicy#MISSING} by default)
 * @param type {@link ImageExtension#KUBE_INSTALLER} or {@link ImageExtension#APP_INSTALLER}
 * @param mode whether to cache the container images the cluster needs
 * @param imageList a file of extra images to cache, one a line, or {@code null}
 * @param ignoredImageList a file of images not to cache, or {@code null}
 * @param imageListWithAuth a YAML file of images to cache with credentials, or {@code null}
 */
public record BuildRequest(
    Path kubefile,
    Path context,
    String tag,
    List<Platform> platforms,
    Map<String, String> buildArgs,
    Map<String, String> labels,
    Map<String, String> annotations,
    boolean noCache,
    PullPolicy pull,
    String type,
    BuildMode mode,
    @Nullable Path imageList,
    @Nullable Path ignoredImageList,
    @Nullable Path imageListWithAuth) {

  /** Whether the container images the cluster needs are cached into the image. */
  public enum BuildMode {
    /** Cache them into a last {@code registry/} layer (the default). */
    ALL,
    /** Cache nothing. */
    LITE
  }

  /** Validates and copies the parts. */
  public BuildRequest {
    Objects.requireNonNull(kubefile, "kubefile");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(pull, "pull");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(mode, "mode");
    if (tag.isBlank()) {
      throw new IllegalArgumentException("--tag should be specified");
    }
    if (!type.equals(ImageExtension.KUBE_INSTALLER) && !type.equals(ImageExtension.APP_INSTALLER)) {
      throw new IllegalArgumentException(
          "image type should be kube-installer or app-installer, not \"" + type + "\"");
    }
    platforms = List.copyOf(platforms);
    buildArgs = copy(buildArgs);
    labels = copy(labels);
    annotations = copy(annotations);
  }

  private static Map<String, String> copy(Map<String, String> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /**
   * A builder with the defaults of {@code sealer build}: {@code <context>/Kubefile}, the host
   * platform, cache on, pull if missing, {@code kube-installer}, build mode all.
   */
  public static Builder builder(Path context, String tag) {
    return new Builder(context, tag);
  }

  /** Builds a {@link BuildRequest}. */
  public static final class Builder {
    private final Path context;
    private final String tag;
    private @Nullable Path kubefile;
    private final List<Platform> platforms = new ArrayList<>();
    private final Map<String, String> buildArgs = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private boolean noCache;
    private PullPolicy pull = PullPolicy.MISSING;
    private String type = ImageExtension.KUBE_INSTALLER;
    private BuildMode mode = BuildMode.ALL;
    private @Nullable Path imageList;
    private @Nullable Path ignoredImageList;
    private @Nullable Path imageListWithAuth;

    private Builder(Path context, String tag) {
      this.context = Objects.requireNonNull(context, "context");
      this.tag = Objects.requireNonNull(tag, "tag");
    }

    /** The Kubefile; default {@code <context>/Kubefile}. */
    public Builder kubefile(Path value) {
      kubefile = value;
      return this;
    }

    /** Adds a platform to build for. */
    public Builder platform(Platform value) {
      platforms.add(value);
      return this;
    }

    /** Adds build args. */
    public Builder buildArgs(Map<String, String> values) {
      buildArgs.putAll(values);
      return this;
    }

    /** Adds labels. */
    public Builder labels(Map<String, String> values) {
      labels.putAll(values);
      return this;
    }

    /** Adds manifest annotations. */
    public Builder annotations(Map<String, String> values) {
      annotations.putAll(values);
      return this;
    }

    /** Rebuilds every layer. */
    public Builder noCache(boolean value) {
      noCache = value;
      return this;
    }

    /** When to pull the base image. */
    public Builder pull(PullPolicy value) {
      pull = value;
      return this;
    }

    /** The image type, {@code kube-installer} or {@code app-installer}. */
    public Builder type(String value) {
      type = value;
      return this;
    }

    /** Whether to cache container images. */
    public Builder mode(BuildMode value) {
      mode = value;
      return this;
    }

    /** A file of extra images to cache. */
    public Builder imageList(@Nullable Path value) {
      imageList = value;
      return this;
    }

    /** A file of images not to cache. */
    public Builder ignoredImageList(@Nullable Path value) {
      ignoredImageList = value;
      return this;
    }

    /** A YAML file of images to cache with credentials. */
    public Builder imageListWithAuth(@Nullable Path value) {
      imageListWithAuth = value;
      return this;
    }

    /** The request. */
    public BuildRequest build() {
      return new BuildRequest(
          kubefile != null ? kubefile : context.resolve("Kubefile"),
          context,
          tag,
          platforms,
          buildArgs,
          labels,
          annotations,
          noCache,
          pull,
          type,
          mode,
          imageList,
          ignoredImageList,
          imageListWithAuth);
    }
  }
}
