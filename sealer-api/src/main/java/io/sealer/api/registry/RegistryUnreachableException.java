package io.sealer.api.registry;

/**
 * The registry could not be reached: no route, connection refused, time-out or repeated server
 * errors.
 */
public class RegistryUnreachableException extends RegistryException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a complete message. */
  public RegistryUnreachableException(String registry, String message) {
    super(registry, message);
  }

  /** Creates the exception with a complete message and its cause. */
  public RegistryUnreachableException(String registry, String message, Throwable cause) {
    super(registry, message, cause);
  }
}
