package io.sealer.api.host;

import io.sealer.api.event.EventListener;
import java.nio.file.Path;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

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

  /**
   * Makes the keys that {@code knownHosts} lists for these addresses the ones trusted for them,
   * replacing what Sealer's own known-hosts file recorded (for hosts a provider has just made,
   * whose keys it knows); with {@code knownHosts} null, forgets the addresses (hosts that are
   * gone).
   *
   * @throws io.sealer.api.SealerException if the known-hosts file cannot be written
   */
  void trustHostKeys(Collection<String> addresses, @Nullable Path knownHosts);
}
