package io.sealer.runtime.host;

import com.jcraft.jsch.Session;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostConnector;
import io.sealer.api.host.RemoteHost;
import jakarta.inject.Inject;

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

  /** Connects over SSH whatever the address (tests use it on 127.0.0.1). */
  RemoteHost connectOverSsh(HostAccess access, EventListener events) {
    Session session = ssh.open(access, events);
    events.log(LogEvent.debug(access.address() + ": connected as " + access.user()));
    return new SshHost(access, events, ssh, session);
  }
}
