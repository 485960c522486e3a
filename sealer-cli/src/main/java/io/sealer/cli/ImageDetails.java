package io.sealer.cli;

import io.sealer.api.SealerException;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.image.StoredImage;
import io.sealer.api.resolve.ImageResolver;
import io.sealer.api.resolve.ResolvedImage;
import java.io.IOException;

/**
 * Facts about a stored image for listings: creation time, size, platform; for a manifest list, the
 * latest creation time, the sizes added up and every stored variant's platform.
 */
record ImageDetails(String created, long size, String platform) {

  /**
   * The details of an image; one that cannot be read (a broken manifest or config) is listed with
   * platform {@code ?} and a warning naming what is wrong, so one bad image does not hide the
   * others.
   */
  static ImageDetails of(ImageResolver resolver, StoredImage image, EventListener events)
      throws IOException {
    try {
      return of(resolver, image);
    } catch (SealerException e) {
      events.onEvent(LogEvent.warn(e.getMessage() + " (see 'sealer alpha fsck')"));
      return new ImageDetails("", image.manifest().size(), "?");
    }
  }

  private static ImageDetails of(ImageResolver resolver, StoredImage image) throws IOException {
    String created = "";
    long size = image.isIndex() ? image.manifest().size() : 0;
    StringBuilder platforms = new StringBuilder();
    for (ResolvedImage variant : resolver.resolveAll(image)) {
      size += variant.size();
      created = variant.created().compareTo(created) > 0 ? variant.created() : created;
      platforms
          .append(platforms.length() > 0 ? "," : "")
          .append(variant.platform() != null ? variant.platform() : "unknown");
    }
    return new ImageDetails(created, size, platforms.toString());
  }

  /** Sizes as people read them: 1.2 MB. */
  static String humanSize(long bytes) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    double v = bytes;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.3g %s", v, units[u]);
  }
}
