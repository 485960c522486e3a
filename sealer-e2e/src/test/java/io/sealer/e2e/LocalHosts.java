package io.sealer.e2e;

import io.sealer.api.event.EventListener;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostConnector;
import io.sealer.api.host.RemoteHost;
import io.sealer.api.infra.InfraEnvironment;
import io.sealer.api.infra.InfraProvider;
import io.sealer.api.infra.InfraRequest;
import io.sealer.runtime.host.HostConnectors;
import io.sealer.runtime.host.HostSettings;
import io.sealer.sdk.Sealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Real sshd hosts made by the project's {@code local} provider through the SDK, for tests that need
 * real SSH: an environment's name and subnet are the caller's (tests use only {@code hit*} names
 * and 10.249.9.0/24, 10.249.10.0/24). Made from scratch ({@code down} first) and removed by {@link
 * #close()}.
 */
final class LocalHosts implements AutoCloseable {
  private final InfraProvider provider;
  private final String name;
  private final InfraEnvironment environment;
  private final Path work;

  private LocalHosts(InfraProvider provider, String name, InfraEnvironment environment, Path work) {
    this.provider = provider;
    this.name = name;
    this.environment = environment;
    this.work = work;
  }

  /** True if local hosts can be made here (root, sshd, unshare). */
  static boolean available() {
    return "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/sbin/sshd"))
        && Files.isExecutable(Path.of("/usr/bin/unshare"));
  }

  /** Removes any leftover environment {@code name}, then makes {@code count} hosts in it. */
  static LocalHosts up(Path work, String name, int count, String subnet) {
    InfraProvider provider =
        Sealer.builder()
            .root(work.resolve("root"))
            .home(work.resolve("home/.sealer"))
            .build()
            .infra("local");
    provider.down(name);
    InfraEnvironment environment =
        provider.up(InfraRequest.ofCount(name, count).withOption("subnet", subnet));
    return new LocalHosts(provider, name, environment, work);
  }

  InfraEnvironment environment() {
    return environment;
  }

  String address(int index) {
    return environment.hosts().get(index).address();
  }

  /** Root's password on every host. */
  String password() {
    return environment.hosts().get(0).access().password();
  }

  /** The provider's ed25519 key, authorised for root on every host. */
  Path privateKey() {
    return environment.stateDir().resolve("id_ed25519");
  }

  /** The provider's directory of host {@code index} (its init.pid, init.log, layers). */
  Path hostDir(int index) {
    return environment.stateDir().resolve("hosts").resolve(environment.hosts().get(index).name());
  }

  /**
   * A connector as the CLI makes one for a user whose HOME is {@code work/home}: host keys trusted
   * on first use and recorded in {@code work/home/.sealer/known_hosts}.
   */
  HostConnector connector() {
    Path home = work.resolve("home");
    return HostConnectors.create(
        HostSettings.defaults(home.resolve(".sealer"))
            .withKnownHosts(home.resolve(".ssh/known_hosts"), home.resolve(".sealer/known_hosts")));
  }

  /** Connects as root with the password. */
  RemoteHost root(int index, EventListener events) {
    return connector().connect(HostAccess.withPassword(address(index), password()), events);
  }

  /**
   * Runs {@code script} as root on host {@code index} and returns its stdout; fails if it fails.
   */
  String run(int index, String script) {
    try (RemoteHost host = root(index, EventListener.NONE)) {
      return host.exec(HostCommand.of(script).quiet()).orThrow().stdout();
    }
  }

  /** The command lines of every process on this machine (the hosts' included), NUL-separated. */
  static String allCmdlines() throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          out.append(
                  new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8))
              .append('\n');
        } catch (IOException e) {
          // the process ended
        }
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    provider.down(name);
  }
}
