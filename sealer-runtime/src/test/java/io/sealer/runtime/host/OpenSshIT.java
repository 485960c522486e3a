package io.sealer.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealer.api.event.EventListener;
import io.sealer.api.event.SealerEvent;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import io.sealer.api.host.RemoteHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real OpenSSH sshd started by the test on 127.0.0.1 (as root). */
class OpenSshIT {
  private static final String PASSWORD = "It-Pa55word-7f3e";
  private static final String SECRET = "secret-env-value-91c2";

  @TempDir static Path dir;
  private static OpenSshServer sshd;
  private static Path ed25519;
  private static Path rsa;

  @BeforeAll
  static void startSshd() throws Exception {
    assumeTrue(OpenSshServer.available(), "needs root, /usr/sbin/sshd and unshare");
    ed25519 = SshKeys.generate(dir, "ed25519", "ed-pass");
    rsa = SshKeys.generate(dir, "rsa", null);
    Path server = Files.createDirectories(dir.resolve("sshd"));
    sshd =
        OpenSshServer.start(
            server, PASSWORD, List.of(Path.of(ed25519 + ".pub"), Path.of(rsa + ".pub")));
  }

  @AfterAll
  static void stopSshd() {
    if (sshd != null) {
      sshd.close();
    }
  }

  private static HostSettings settings() {
    return HostSettings.defaults(dir.resolve("sealer"))
        .withKnownHosts(dir.resolve("ssh/known_hosts"), dir.resolve("sealer/known_hosts"));
  }

  private static RemoteHost connect(HostAccess access, EventListener events) {
    return new DefaultHostConnector(settings()).connectOverSsh(access, events);
  }

  @Test
  void passwordAndKeyLogins() {
    for (HostAccess access :
        List.of(
            new HostAccess("127.0.0.1", sshd.port(), "root", PASSWORD, null, null),
            new HostAccess("127.0.0.1", sshd.port(), "root", null, ed25519, "ed-pass"),
            new HostAccess("127.0.0.1", sshd.port(), "root", null, rsa, null))) {
      try (RemoteHost host = connect(access, EventListener.NONE)) {
        assertThat(host.exec(HostCommand.of("id -un")).stdout())
            .as(access.toString())
            .isEqualTo("root\n");
      }
    }
    assertThat(settings().toolKnownHosts()).content().contains("ssh-ed25519");
  }

  @Test
  void wrongPasswordIsOneLine() {
    HostAccess access = new HostAccess("127.0.0.1", sshd.port(), "root", "not-it", null, null);
    assertThatThrownBy(() -> connect(access, EventListener.NONE))
        .hasMessage("127.0.0.1: could not log in as root: authentication failed (password)");
  }

  @Test
  void neitherPasswordNorSecretEnvAppearsInAnyCommandLine() throws Exception {
    List<SealerEvent> events = Collections.synchronizedList(new ArrayList<>());
    try (RemoteHost host =
        connect(
            new HostAccess("127.0.0.1", sshd.port(), "root", PASSWORD, null, null), events::add)) {
      CompletableFuture<CommandResult> running =
          CompletableFuture.supplyAsync(
              () ->
                  host.exec(
                      HostCommand.of("sleep 2.71; echo done")
                          .withEnv(Map.of("TOKEN", SECRET))
                          .withStdin(
                              new ByteArrayInputStream(
                                  ("stdin " + SECRET).getBytes(StandardCharsets.UTF_8)))));
      boolean sawTheCommand = false;
      for (int i = 0; i < 20 && !running.isDone(); i++) {
        String ps =
            new String(
                new ProcessBuilder("ps", "-eo", "args").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        String cmdlines = allCmdlines();
        sawTheCommand |= ps.contains("sleep 2.71") && cmdlines.contains("sleep\u00002.71");
        assertThat(ps).doesNotContain(PASSWORD).doesNotContain(SECRET);
        assertThat(cmdlines).doesNotContain(PASSWORD).doesNotContain(SECRET);
        Thread.sleep(100);
      }
      assertThat(sawTheCommand).as("the check ran while the command ran").isTrue();
      assertThat(running.get().stdout()).isEqualTo("done\n");
    }
    assertThat(events.toString()).doesNotContain(PASSWORD).doesNotContain(SECRET);
    assertThat(sshd.log()).doesNotContain(PASSWORD).doesNotContain(SECRET);
  }

  private static String allCmdlines() throws Exception {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          out.append(
                  new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8))
              .append('\n');
        } catch (java.io.IOException e) {
          // the process ended
        }
      }
    }
    return out.toString();
  }

  @Test
  void timeoutKillsTheRemoteProcessGroup() throws Exception {
    Path pidFile = dir.resolve("remote-sleep.pid");
    try (RemoteHost host =
        connect(
            new HostAccess("127.0.0.1", sshd.port(), "root", PASSWORD, null, null),
            EventListener.NONE)) {
      assertThatThrownBy(
              () ->
                  host.exec(
                      HostCommand.of("sleep 77 & echo $! > " + pidFile + "; wait")
                          .withTimeout(Duration.ofSeconds(3))
                          .describedAs("nap")))
          .isInstanceOfSatisfying(
              HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.COMMAND));
      SshHostTest.waitUntilGone(Long.parseLong(Files.readString(pidFile).strip()));
    }
  }

  @Test
  void measuredLatencyAndThroughputOverOneConnection() throws Exception {
    byte[] data = new byte[32 * 1024 * 1024];
    new Random(5).nextBytes(data);
    Path target = dir.resolve("big/blob");
    try (RemoteHost host =
        connect(
            new HostAccess("127.0.0.1", sshd.port(), "root", PASSWORD, null, null),
            EventListener.NONE)) {
      host.exec(HostCommand.of("true"));
      int runs = 50;
      long start = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        host.exec(HostCommand.of("true")).orThrow();
      }
      double perCommandMs = (System.nanoTime() - start) / 1e6 / runs;
      start = System.nanoTime();
      host.copy(new ByteArrayInputStream(data), target.toString(), 0644);
      double copySeconds = (System.nanoTime() - start) / 1e9;
      ByteArrayOutputStream back = new ByteArrayOutputStream();
      start = System.nanoTime();
      host.exec(HostCommand.of("cat " + target).withStdout(back)).orThrow();
      double readSeconds = (System.nanoTime() - start) / 1e9;
      assertThat(Files.readAllBytes(target)).isEqualTo(data);
      assertThat(back.toByteArray()).isEqualTo(data);
      System.out.printf(
          "OpenSshIT: %.1f ms per command; copy 32 MiB in %.2f s (%.0f MiB/s); read back %.2f s (%.0f MiB/s)%n",
          perCommandMs, copySeconds, 32 / copySeconds, readSeconds, 32 / readSeconds);
    }
  }
}
