package io.sealer.api.image;

import io.sealer.api.SealerException;

/** No local image has the name or id that was asked for. */
public class ImageNotFoundException extends SealerException {
  private static final long serialVersionUID = 1L;

  private final String nameOrId;

  /** Creates the exception for the name or id that was not found. */
  public ImageNotFoundException(String nameOrId) {
    super("image \"" + nameOrId + "\" not found in the local store (see 'sealer images')");
    this.nameOrId = nameOrId;
  }

  /** What was asked for. */
  public String nameOrId() {
    return nameOrId;
  }
}
