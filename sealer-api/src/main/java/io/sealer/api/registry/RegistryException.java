package io.sealer.api.registry;

import io.sealer.api.SealerException;

/** A registry refused or failed a request; the message names the registry and what to do. */
public class RegistryException extends SealerException {
  private static final long serialVersionUID = 1L;

  private final String registry;

  /** Creates the exception with a complete message. */
  public RegistryException(String registry, String message) {
    super(message);
    this.registry = registry;
  }

  /** Creates the exception with a complete message and its cause. */
  public RegistryException(String registry, String message, Throwable cause) {
    super(message, cause);
    this.registry = registry;
  }

  /** The registry host (with port) at fault. */
  public String registry() {
    return registry;
  }
}
