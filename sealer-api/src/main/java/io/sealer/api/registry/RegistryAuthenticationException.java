package io.sealer.api.registry;

/**
 * The registry refused the credentials, or asked for some and none are saved (see {@code sealer
 * login}).
 */
public class RegistryAuthenticationException extends RegistryException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a complete message. */
  public RegistryAuthenticationException(String registry, String message) {
    super(registry, message);
  }

  /** Creates the exception with a complete message and its cause. */
  public RegistryAuthenticationException(String registry, String message, Throwable cause) {
    super(registry, message, cause);
  }
}
