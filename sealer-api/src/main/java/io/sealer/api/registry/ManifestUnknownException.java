package io.sealer.api.registry;

/** The registry has no image (or no platform of it) by that name. */
public class ManifestUnknownException extends RegistryException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a complete message. */
  public ManifestUnknownException(String registry, String message) {
    super(registry, message);
  }

  /** Creates the exception with a complete message and its cause. */
  public ManifestUnknownException(String registry, String message, Throwable cause) {
    super(registry, message, cause);
  }
}
