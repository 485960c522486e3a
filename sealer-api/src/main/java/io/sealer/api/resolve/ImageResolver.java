package io.sealer.api.resolve;

import io.sealer.api.Platform;
import io.sealer.api.image.StoredImage;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Resolves stored images: the one place that picks a platform's manifest from a manifest list,
 * checks a single-platform image against the wanted platform, and reads the manifest, config and
 * Sealer annotations. Thread-safe.
 *
 * <pre>{@code
 * ResolvedImage image = resolver.resolve("my-cluster:v1", Platform.fromUname("aarch64"));
 * for (Descriptor layer : image.layers()) { ... }
 * }</pre>
 *
 * <p>With no platform given, a manifest list resolves to this machine's platform ({@link
 * Platform#host()}) and a single-platform image to itself.
 */
public interface ImageResolver {

  /**
   * Resolves an image by name or id.
   *
   * @param platform the variant wanted, or {@code null} (see above)
   * @throws io.sealer.api.image.ImageNotFoundException if no image has that name or id
   * @throws io.sealer.api.image.PlatformNotFoundException naming the platforms the image has, if it
   *     has no variant for {@code platform}
   * @throws io.sealer.api.SealerException if its manifest, config or annotations cannot be read
   */
  ResolvedImage resolve(String nameOrId, @Nullable Platform platform) throws IOException;

  /** Like {@link #resolve(String, Platform)} for an image already found in the store. */
  ResolvedImage resolve(StoredImage image, @Nullable Platform platform) throws IOException;

  /**
   * Resolves an image once for each of several platforms, e.g. those of a cluster's hosts ({@link
   * Platform#fromUname}), so that each host can be given the variant of its platform. Checks every
   * platform before returning, so a run fails before it touches any host.
   *
   * @return the variant per platform, in the order given (duplicates once)
   * @throws io.sealer.api.image.PlatformNotFoundException for the first platform the image lacks,
   *     naming the platforms it has
   */
  Map<Platform, ResolvedImage> resolveEach(String nameOrId, Collection<Platform> platforms)
      throws IOException;

  /**
   * Every variant of an image that is in the store: one for a single-platform image, one per stored
   * manifest of a manifest list (entries whose manifest was not pulled are left out).
   */
  List<ResolvedImage> resolveAll(StoredImage image) throws IOException;

  /**
   * The JSON {@code sealer inspect} prints for a resolved image, in Sealer v0.11's shape: {@code
   * id}, {@code name}, {@code digest}, {@code manifestv1} (the manifest without the two Sealer
   * annotations), {@code ociv1} (the config without labels), {@code imageExtension} (with the
   * labels, CNI/CSI labels aggregated into {@code cluster.alpha.sealer.io/kube-cni}/{@code
   * kube-csi} JSON arrays) and {@code containerImageList}; indented, as Sealer prints it.
   */
  String inspect(ResolvedImage image) throws IOException;
}
