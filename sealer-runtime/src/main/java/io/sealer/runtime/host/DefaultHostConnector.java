package io.sealer.runtime.host;

import com.jcraft.jsch.Session;
import io.sealer.api.SealerException;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostConnector;
import io.sealer.api.host.RemoteHost;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/** Connects over SSH, or runs directly when the address is this machine's own. */
final class DefaultHostConnector implements HostConnector {
  private final HostSettings settings;
  private final SshConnector ssh;

  @Inject
  DefaultHostConnector(HostSettings settings) {
    this.settings = settings;
    this.ssh = new SshConnector(settings);
  }

  @Override
  public RemoteHost connect(HostAccess access, EventListener events) {
    if (LocalAddresses.isLocal(access.address())) {
      events.log(LogEvent.debug(access.address() + ": this machine, commands run without SSH"));
      return new LocalHost(access, events, settings);
    }
    return connectOverSsh(access, events);
  }

  @Override
  public void trustHostKeys(Collection<String> addresses, @Nullable Path knownHosts) {
    try {
      new KnownHosts(settings.userKnownHosts(), settings.toolKnownHosts())
          .replace(addresses, knownHosts);
    } catch (IOException e) {
      throw new SealerException(
          "could not update the known hosts in " + settings.toolKnownHosts() + ": " + e, e);
    }
  }

  /** Connects over SSH whatever the address (tests use it on 127.0.0.1). */
  RemoteHost connectOverSsh(HostAccess access, EventListener events) {
    Session session = ssh.open(access, events);
    events.log(LogEvent.debug(access.address() + ": connected as " + access.user()));
    return new SshHost(access, events, ssh, session);
  }
}
