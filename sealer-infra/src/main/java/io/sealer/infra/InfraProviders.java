package io.sealer.infra;

import io.sealer.api.event.EventListener;
import io.sealer.api.infra.InfraProvider;
import java.nio.file.Path;

/** Creates the infra providers without Guice, for programs and tests that embed them. */
public final class InfraProviders {
  /** Where environments take their locks: names of links are machine-wide, so are the locks. */
  public static final Path LOCK_DIR = Path.of("/run/lock/sealer-infra");

  private InfraProviders() {}

  /**
   * The {@code local} provider keeping each environment in {@code <stateRoot>/<name>} (Sealer's
   * default is {@code /var/lib/sealer/infra}); {@code stateRoot} must not be on overlayfs.
   */
  public static InfraProvider local(Path stateRoot, EventListener events) {
    return new LocalProvider(stateRoot, LOCK_DIR, events);
  }

  /** The {@code baremetal} provider. */
  public static InfraProvider baremetal() {
    return new BaremetalProvider();
  }
}
