package io.sealer.filesystem.distribute;

import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.RemoteHost;
import java.io.InputStream;

/** Test double of a host that cannot be reached: every call fails as a refused connection does. */
final class RemoteHostStub implements RemoteHost {
  private final String address;

  RemoteHostStub(String address) {
    this.address = address;
  }

  @Override
  public String address() {
    return address;
  }

  @Override
  public CommandResult exec(HostCommand command) {
    throw new HostException(
        address, HostException.Kind.UNREACHABLE, "could not connect: connection refused");
  }

  @Override
  public void copy(InputStream data, String path, int mode) {
    exec(HostCommand.of("cat > " + path));
  }

  @Override
  public void close() {}
}
