package io.sealer.image.store;

import io.sealer.api.SealerSettings;
import io.sealer.api.image.ImageStore;
import io.sealer.api.image.ImageStoreMaintenance;
import java.nio.file.Path;

/** A plain-Java entry point to the store, for programs and tests that do not use Guice. */
public final class ImageStores {
  private ImageStores() {}

  /** The store under {@code settings.root()/images}. */
  public static ImageStore open(SealerSettings settings) {
    return new OciImageStore(settings);
  }

  /** The store on the OCI layout directory {@code layout} itself. */
  public static ImageStore openLayout(Path layout) {
    return new OciImageStore(layout.toAbsolutePath().normalize());
  }

  /** The maintenance view of a store opened here. */
  public static ImageStoreMaintenance maintenance(ImageStore store) {
    if (store instanceof OciImageStore oci) {
      return oci;
    }
    throw new IllegalArgumentException("not a store opened by ImageStores: " + store);
  }
}
