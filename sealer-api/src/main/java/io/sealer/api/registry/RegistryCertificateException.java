package io.sealer.api.registry;

/**
 * The registry's TLS certificate is not trusted (add its CA to {@code certs.d} or skip
 * verification).
 */
public class RegistryCertificateException extends RegistryException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a complete message. */
  public RegistryCertificateException(String registry, String message) {
    super(registry, message);
  }

  /** Creates the exception with a complete message and its cause. */
  public RegistryCertificateException(String registry, String message, Throwable cause) {
    super(registry, message, cause);
  }
}
