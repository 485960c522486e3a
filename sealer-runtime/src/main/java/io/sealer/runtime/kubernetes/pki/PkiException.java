package io.sealer.runtime.kubernetes.pki;

import io.sealer.api.SealerException;

/**
 * Certificates or kubeconfigs could not be made: a bad host name or SAN, an unreadable or
 * mismatched authority, or a file that could not be written. The message names the file or host.
 */
public class PkiException extends SealerException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a complete, user-facing message. */
  public PkiException(String message) {
    super(message);
  }

  /** Creates an exception with a complete, user-facing message and the underlying cause. */
  public PkiException(String message, Throwable cause) {
    super(message, cause);
  }
}
