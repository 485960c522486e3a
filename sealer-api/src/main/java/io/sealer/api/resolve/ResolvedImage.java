package io.sealer.api.resolve;

import io.sealer.api.Digest;
import io.sealer.api.Platform;
import io.sealer.api.build.ContainerImage;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.image.Descriptor;
import io.sealer.api.image.StoredImage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One platform variant of a stored image, read and checked: what a mount, the builder's {@code
 * FROM} or a host of the runtime needs from it.
 *
 * @param image what the name or id points at (a manifest, or a manifest list)
 * @param manifest the manifest of this variant (equal to {@code image.manifest()} for a
 *     single-platform image)
 * @param platform the variant's platform from its config (or its manifest list entry), {@code null}
 *     if neither gives one
 * @param config the config's descriptor; its digest is the image id Sealer shows
 * @param layers the layers, bottom first
 * @param diffIds the config's {@code rootfs.diff_ids}, one per layer
 * @param created the config's creation time as written ({@code ""} if absent)
 * @param env the config's {@code Env} entries ({@code KEY=value})
 * @param labels the config's labels as stored
 * @param annotations the manifest's annotations
 * @param extension the {@code sealer.image.extension} annotation (empty if absent) with its {@code
 *     labels} set to the labels {@code sealer inspect} shows (CNI/CSI aggregated)
 * @param containerImages the {@code sealer.image.container.images} annotation (empty if absent)
 */
public record ResolvedImage(
    StoredImage image,
    Descriptor manifest,
    @Nullable Platform platform,
    Descriptor config,
    List<Descriptor> layers,
    List<Digest> diffIds,
    String created,
    List<String> env,
    Map<String, String> labels,
    Map<String, String> annotations,
    ImageExtension extension,
    List<ContainerImage> containerImages) {

  /** Validates and copies the parts. */
  public ResolvedImage {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(extension, "extension");
    layers = List.copyOf(layers);
    diffIds = List.copyOf(diffIds);
    if (layers.size() != diffIds.size()) {
      throw new IllegalArgumentException(
          layers.size() + " layers but " + diffIds.size() + " diff ids");
    }
    env = List.copyOf(env);
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    annotations = Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    containerImages = List.copyOf(containerImages);
  }

  /** The image id: the config digest (as Sealer and Docker show it). */
  public Digest id() {
    return config.digest();
  }

  /** The image's first name, or its id if it has none: how messages name it. */
  public String displayName() {
    return image.names().isEmpty() ? image.id().toString() : image.names().get(0).toString();
  }

  /** The bytes this variant takes: manifest, config and layers. */
  public long size() {
    long size = manifest.size() + config.size();
    for (Descriptor layer : layers) {
      size += layer.size();
    }
    return size;
  }
}
