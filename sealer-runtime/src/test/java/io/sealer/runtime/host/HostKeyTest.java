package io.sealer.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.event.EventListener;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import io.sealer.api.host.RemoteHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host keys: trusted on first use and recorded, refused when changed, skippable. */
class HostKeyTest {
  @TempDir Path dir;

  private HostSettings settings() {
    return HostSettings.defaults(dir.resolve("home/.sealer"))
        .withKnownHosts(
            dir.resolve("home/.ssh/known_hosts"), dir.resolve("home/.sealer/known_hosts"))
        .withConnect(Duration.ofSeconds(5), 1, Duration.ZERO);
  }

  private static HostAccess access(int port) {
    return new HostAccess("127.0.0.1", port, "root", "pw", null, null);
  }

  private static void runOnce(HostSettings settings, int port) {
    try (RemoteHost host =
        new DefaultHostConnector(settings).connectOverSsh(access(port), EventListener.NONE)) {
      assertThat(host.exec(HostCommand.of("echo in")).stdout()).isEqualTo("in\n");
    }
  }

  @Test
  void unknownKeyIsRecordedAndAChangedOneRefused() throws Exception {
    HostSettings settings = settings();
    Path recorded = settings.toolKnownHosts();
    int port;
    try (TestSshServer first =
        new TestSshServer(Map.of("root", "pw"), TestSshServer.newHostKey()).start(0)) {
      port = first.port();
      runOnce(settings, port);
      runOnce(settings, port);
    }
    assertThat(Files.readAllLines(recorded))
        .singleElement()
        .asString()
        .startsWith("[127.0.0.1]:" + port + " ecdsa-sha2-nistp256 ");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(recorded)))
        .isEqualTo("rw-------");
    byte[] before = Files.readAllBytes(recorded);

    try (TestSshServer impostor =
        new TestSshServer(Map.of("root", "pw"), TestSshServer.newHostKey()).start(port)) {
      assertThatThrownBy(() -> runOnce(settings, port))
          .isInstanceOfSatisfying(
              HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_CHANGED))
          .hasMessageStartingWith("127.0.0.1: could not connect: the host key has changed")
          .hasMessageContaining(settings.userKnownHosts().toString())
          .hasMessageContaining(settings.toolKnownHosts().toString())
          .message()
          .doesNotContain("pw\"");
      assertThat(Files.readAllBytes(recorded)).isEqualTo(before);

      runOnce(settings.withHostKeyCheck(false), port);
      assertThat(Files.readAllBytes(recorded)).isEqualTo(before);
    }
  }

  @Test
  void aKeyInTheUsersKnownHostsIsTrustedAndNotCopied() throws Exception {
    HostSettings settings = settings();
    try (TestSshServer server =
        new TestSshServer(Map.of("root", "pw"), TestSshServer.newHostKey()).start(0)) {
      runOnce(settings, server.port());
      Files.createDirectories(settings.userKnownHosts().getParent());
      Files.move(settings.toolKnownHosts(), settings.userKnownHosts());
      runOnce(settings, server.port());
      assertThat(settings.toolKnownHosts()).doesNotExist();
    }
  }

  @Test
  void hostsConnectedInParallelAreAllRecorded() throws Exception {
    HostSettings settings = settings();
    List<TestSshServer> servers = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        servers.add(new TestSshServer(Map.of("root", "pw"), TestSshServer.newHostKey()).start(0));
      }
      List<Thread> threads = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (TestSshServer server : servers) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    runOnce(settings, server.port());
                  } catch (Throwable e) {
                    failures.add(e);
                  }
                });
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(failures).isEmpty();
      assertThat(Files.readAllLines(settings.toolKnownHosts())).hasSize(4);
    } finally {
      for (TestSshServer server : servers) {
        server.close();
      }
    }
  }

  @Test
  void defaultsFollowHomeAndAreSafe() {
    HostSettings defaults = HostSettings.defaults(Path.of("/x/.sealer"));
    assertThat(defaults.checkHostKeys()).isTrue();
    assertThat(defaults.toolKnownHosts()).isEqualTo(Path.of("/x/.sealer/known_hosts"));
    String home = System.getenv("HOME");
    if (home != null && !home.isBlank()) {
      assertThat(defaults.userKnownHosts()).isEqualTo(Path.of(home, ".ssh", "known_hosts"));
    }
    assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(defaults.connectAttempts()).isEqualTo(3);
  }
}
