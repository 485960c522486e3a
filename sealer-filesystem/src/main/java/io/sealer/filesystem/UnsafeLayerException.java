package io.sealer.filesystem;

import io.sealer.api.SealerException;

/** A layer holds an entry that must not be extracted: it escapes the root, or is a device. */
public class UnsafeLayerException extends SealerException {
  private static final long serialVersionUID = 1L;

  private final String entry;

  /** Creates the exception for one tar entry and the reason it was refused. */
  public UnsafeLayerException(String entry, String reason) {
    super("could not extract layer entry \"" + entry + "\": " + reason);
    this.entry = entry;
  }

  /** The name of the refused entry as it appears in the tar. */
  public String entry() {
    return entry;
  }
}
