package io.sealer.api.host;

import io.sealer.api.event.EventListener;

/** Opens {@link RemoteHost}s: over SSH, or directly when the address is this machine's own. */
public interface HostConnector {

  /**
   * Connects to a host and logs in, retrying a refused or timed-out connection with backoff.
   *
   * @param access where the host is and how to log in
   * @param events where the host's command output and log lines go, tagged with its address
   * @throws HostException naming the host if it cannot be reached, refuses the login, or shows a
   *     host key other than the one recorded for it
   */
  RemoteHost connect(HostAccess access, EventListener events);
}
