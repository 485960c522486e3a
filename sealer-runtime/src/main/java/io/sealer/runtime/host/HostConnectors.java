package io.sealer.runtime.host;

import io.sealer.api.host.HostConnector;

/** Creates the {@link HostConnector} of sealer-runtime without Guice. */
public final class HostConnectors {
  private HostConnectors() {}

  /**
   * A connector with the given settings: SSH through JSch for other machines, local {@code
   * /bin/bash} processes for this machine's own addresses. It keeps no connection itself; each
   * {@link io.sealer.api.host.RemoteHost} it returns owns one and must be closed.
   */
  public static HostConnector create(HostSettings settings) {
    return new DefaultHostConnector(settings);
  }
}
