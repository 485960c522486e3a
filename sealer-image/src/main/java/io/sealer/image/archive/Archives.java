package io.sealer.image.archive;

import io.sealer.api.event.EventListener;
import io.sealer.api.image.ImageArchives;
import io.sealer.api.image.ImageStore;

/** A plain-Java entry point to save and load, for programs that do not use Guice. */
public final class Archives {
  private Archives() {}

  /** Saves images of {@code store} and loads archives into it, reporting to {@code events}. */
  public static ImageArchives of(ImageStore store, EventListener events) {
    return new DefaultImageArchives(store, events);
  }
}
