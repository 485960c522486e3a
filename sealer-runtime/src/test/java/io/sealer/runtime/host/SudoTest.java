package io.sealer.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.event.EventListener;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import io.sealer.api.host.RemoteHost;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A non-root user's commands go through sudo with the password on stdin. {@code sudo} here is a
 * test double (this machine has no second user to test with; the real one is exercised on namespace
 * hosts): it reads the password from stdin the way {@code sudo -S} does, checks it, logs its own
 * argv, and runs the rest of its command line.
 */
class SudoTest {
  private static final String PASSWORD = "sudo-Pa55-$(x)";
  private static final String FAKE_SUDO =
      "#!/bin/bash\n"
          + "# Test double of sudo: -S reads one line (the password) from stdin; -n fails.\n"
          + "printf '%s\\n' \"$*\" >> \"$FAKE_SUDO_LOG\"\n"
          + "mode=\n"
          + "while [ $# -gt 0 ]; do case \"$1\" in\n"
          + "  -S) mode=S; shift;; -n) mode=n; shift;; -p) shift 2;; --) shift; break;;\n"
          + "  *) break;; esac; done\n"
          + "if [ \"$mode\" = n ]; then echo 'sudo: a password is required' >&2; exit 1; fi\n"
          + "IFS= read -r pw\n"
          + "if [ \"$pw\" != \"$FAKE_SUDO_PASSWORD\" ]; then\n"
          + "  echo 'sudo: 1 incorrect password attempt' >&2; exit 1; fi\n"
          + "exec \"$@\"\n";

  @TempDir Path dir;
  private TestSshServer server;
  private Path log;

  @BeforeEach
  void start() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path sudo = bin.resolve("sudo");
    Files.writeString(sudo, FAKE_SUDO);
    Files.setPosixFilePermissions(sudo, PosixFilePermissions.fromString("rwxr-xr-x"));
    log = dir.resolve("sudo.log");
    server = new TestSshServer(Map.of("deploy", PASSWORD, "nopw", "x"), TestSshServer.newHostKey());
    server.extraEnv.put("PATH_PREFIX", bin.toString());
    server.extraEnv.put("FAKE_SUDO_LOG", log.toString());
    server.extraEnv.put("FAKE_SUDO_PASSWORD", PASSWORD);
    server.start(0);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private RemoteHost connect(String user, String password) {
    HostSettings settings =
        HostSettings.defaults(dir.resolve("sealer"))
            .withKnownHosts(dir.resolve("none"), dir.resolve("sealer/known_hosts"));
    return new DefaultHostConnector(settings)
        .connectOverSsh(
            new HostAccess("127.0.0.1", server.port(), user, password, null, null),
            EventListener.NONE);
  }

  @Test
  void commandsRunThroughSudoWithThePasswordOnStdinOnly() throws Exception {
    try (RemoteHost host = connect("deploy", PASSWORD)) {
      assertThat(
              host.exec(
                      HostCommand.of("read -r x; echo \"got $x $V\"")
                          .withEnv(Map.of("V", "env-value"))
                          .withStdin(
                              new ByteArrayInputStream("input\n".getBytes(StandardCharsets.UTF_8))))
                  .stdout())
          .isEqualTo("got input env-value\n");
      Path target = dir.resolve("copied");
      host.copy(new ByteArrayInputStream(new byte[] {1, 2, 3}), target.toString(), 0600);
      assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
    }
    String argv = Files.readString(log);
    assertThat(argv).startsWith("-S -p  -- /bin/bash -c ");
    assertThat(argv).doesNotContain(PASSWORD).doesNotContain("env-value").doesNotContain("echo");
  }

  @Test
  void aWrongSudoPasswordIsAnAuthenticationFailureNamingHostAndUser() {
    server.extraEnv.put("FAKE_SUDO_PASSWORD", "another");
    try (RemoteHost host = connect("deploy", PASSWORD)) {
      assertThatThrownBy(() -> host.exec(HostCommand.of("true")))
          .isInstanceOfSatisfying(
              HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION))
          .hasMessage(
              "127.0.0.1: could not run commands as root through sudo as deploy:"
                  + " sudo: 1 incorrect password attempt")
          .message()
          .doesNotContain(PASSWORD);
    }
  }

  @Test
  void withoutAPasswordSudoMustNotAsk() throws Exception {
    Path key = SshKeys.generate(dir, "rsa", null);
    server.authorize(Path.of(key + ".pub"));
    HostSettings settings =
        HostSettings.defaults(dir.resolve("sealer"))
            .withConnect(Duration.ofSeconds(5), 1, Duration.ZERO);
    try (RemoteHost host =
        new DefaultHostConnector(settings.withHostKeyCheck(false))
            .connectOverSsh(
                new HostAccess("127.0.0.1", server.port(), "nopw", null, key, null),
                EventListener.NONE)) {
      assertThatThrownBy(() -> host.exec(HostCommand.of("true")))
          .isInstanceOfSatisfying(
              HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION))
          .hasMessage(
              "127.0.0.1: could not run commands as root through sudo as nopw:"
                  + " sudo: a password is required");
    }
    assertThat(Files.readString(log)).startsWith("-n -- /bin/bash -c ");
  }
}
