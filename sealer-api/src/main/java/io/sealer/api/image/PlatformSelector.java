package io.sealer.api.image;

import io.sealer.api.Platform;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for which manifest of a manifest list (image index) serves a platform, used for
 * stored images and for images in a registry alike: an entry whose platform equals the wanted one
 * exactly wins, else the first that {@link Platform#matches matches} it (variants are loose, as in
 * Sealer). Entries without a platform are never chosen.
 */
public final class PlatformSelector {
  private PlatformSelector() {}

  /**
   * The entry of {@code manifests} for {@code wanted}.
   *
   * @param image the image's name or id, for the error
   * @throws PlatformNotFoundException naming the platforms the list has, if none fits
   */
  public static Descriptor select(String image, List<Descriptor> manifests, Platform wanted) {
    Descriptor loose = null;
    for (Descriptor d : manifests) {
      Platform p = d.platform();
      if (p == null) {
        continue;
      }
      if (p.equals(wanted)) {
        return d;
      }
      if (loose == null && wanted.matches(p)) {
        loose = d;
      }
    }
    if (loose != null) {
      return loose;
    }
    throw new PlatformNotFoundException(image, wanted, platforms(manifests));
  }

  /**
   * Checks the platform of a single-platform image against the wanted one.
   *
   * @param actual the platform its config gives, or {@code null} if it gives none (then any fits)
   * @throws PlatformNotFoundException if it is another platform
   */
  public static void check(String image, @Nullable Platform actual, Platform wanted) {
    if (actual != null && !wanted.matches(actual)) {
      throw new PlatformNotFoundException(image, wanted, List.of(actual));
    }
  }

  /** The platforms of a list's entries, in order, entries without one left out. */
  public static List<Platform> platforms(List<Descriptor> manifests) {
    List<Platform> result = new ArrayList<>();
    for (Descriptor d : manifests) {
      if (d.platform() != null) {
        result.add(d.platform());
      }
    }
    return result;
  }
}
