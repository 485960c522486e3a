package io.sealer.runtime.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.event.EventListener;
import io.sealer.api.event.HostOutputEvent;
import io.sealer.api.event.SealerEvent;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import io.sealer.api.host.RemoteHost;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SSH session through JSch to an in-JVM MINA server that runs commands on this machine. */
class SshHostTest {
  private static final String PASSWORD = "s3cret-pa55 'x\"";

  @TempDir Path dir;
  private TestSshServer server;
  private final List<SealerEvent> events = Collections.synchronizedList(new ArrayList<>());
  private final EventListener listener = events::add;
  private HostSettings settings;

  @BeforeEach
  void startServer() throws Exception {
    server =
        new TestSshServer(Map.of("root", PASSWORD, "deploy", PASSWORD), TestSshServer.newHostKey())
            .start(0);
    settings =
        HostSettings.defaults(dir.resolve("sealer-home"))
            .withKnownHosts(dir.resolve("ssh/known_hosts"), dir.resolve("sealer-home/known_hosts"))
            .withConnect(Duration.ofSeconds(5), 3, Duration.ofMillis(100));
  }

  @AfterEach
  void stopServer() throws IOException {
    server.close();
  }

  private RemoteHost connect(HostAccess access) {
    return new DefaultHostConnector(settings).connectOverSsh(access, listener);
  }

  private HostAccess root() {
    return new HostAccess("127.0.0.1", server.port(), "root", PASSWORD, null, null);
  }

  @Test
  void passwordLoginRunsACommandAndStreamsItsLines() {
    try (RemoteHost host = connect(root())) {
      CommandResult result = host.exec(HostCommand.of("echo hello; echo oops >&2; exit 3"));
      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.stdout()).isEqualTo("hello\n");
      assertThat(result.stderr()).isEqualTo("oops\n");
      assertThat(events)
          .contains(
              new HostOutputEvent("127.0.0.1", false, "hello"),
              new HostOutputEvent("127.0.0.1", true, "oops"));
      assertThat(events.toString()).doesNotContain("sealer-pid").doesNotContain(PASSWORD);
    }
  }

  @Test
  void oneConnectionRunsSeveralCommandsAtOnce() throws Exception {
    try (RemoteHost host = connect(root())) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      long start = System.nanoTime();
      List<Future<CommandResult>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String script = "sleep 1; echo " + i;
        results.add(pool.submit(() -> host.exec(HostCommand.of(script))));
      }
      for (int i = 0; i < 6; i++) {
        assertThat(results.get(i).get().stdout()).isEqualTo(i + "\n");
      }
      pool.shutdown();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void rsaKeyLogin() throws Exception {
    Path key = SshKeys.generate(dir, "rsa", null);
    server.authorize(Path.of(key + ".pub"));
    try (RemoteHost host =
        connect(new HostAccess("127.0.0.1", server.port(), "root", null, key, null))) {
      assertThat(host.exec(HostCommand.of("echo key")).stdout()).isEqualTo("key\n");
    }
  }

  @Test
  void encryptedKeyLoginWithItsPassphraseAndNotWithoutIt() throws Exception {
    Path key = SshKeys.generate(dir, "rsa", "phrase-XYZ");
    server.authorize(Path.of(key + ".pub"));
    try (RemoteHost host =
        connect(new HostAccess("127.0.0.1", server.port(), "root", null, key, "phrase-XYZ"))) {
      assertThat(host.exec(HostCommand.of("echo ok")).stdout()).isEqualTo("ok\n");
    }
    assertThatThrownBy(
            () -> connect(new HostAccess("127.0.0.1", server.port(), "root", null, key, "wrong")))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION))
        .hasMessageStartingWith("127.0.0.1: could not log in as root")
        .message()
        .doesNotContain("wrong");
  }

  @Test
  void wrongPasswordIsOneClearLine() {
    HostAccess access = new HostAccess("127.0.0.1", server.port(), "root", "nope-pw", null, null);
    assertThatThrownBy(() -> connect(access))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
              assertThat(e.host()).isEqualTo("127.0.0.1");
            })
        .hasMessage("127.0.0.1: could not log in as root: authentication failed (password)");
  }

  @Test
  void refusedPortIsUnreachableAfterBoundedRetries() throws Exception {
    int port = server.port();
    server.stop();
    HostAccess access = new HostAccess("127.0.0.1", port, "root", PASSWORD, null, null);
    long start = System.nanoTime();
    assertThatThrownBy(() -> connect(access))
        .isInstanceOfSatisfying(
            HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
        .hasMessage("127.0.0.1: could not connect to port " + port + ": connection refused");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
  }

  @Test
  void aSilentServerTimesOutInBoundedTime() throws Exception {
    try (java.net.ServerSocket silent =
        new java.net.ServerSocket(0, 10, java.net.InetAddress.getByName("127.0.0.1"))) {
      settings = settings.withConnect(Duration.ofSeconds(1), 2, Duration.ofMillis(100));
      HostAccess access =
          new HostAccess("127.0.0.1", silent.getLocalPort(), "root", PASSWORD, null, null);
      long start = System.nanoTime();
      assertThatThrownBy(() -> connect(access))
          .isInstanceOfSatisfying(
              HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE))
          .hasMessage(
              "127.0.0.1: no SSH server answered on port "
                  + silent.getLocalPort()
                  + " within 1 s: the port accepted the connection, then sent nothing (is sshd"
                  + " listening there?)");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }
  }

  @Test
  void envValuesArriveIntactInSortedExports() {
    String nasty = "a \"quoted\" $HOME `id` \\back 'single'\nsecond line\n\ttab $(echo no) !x";
    Map<String, String> env = Map.of("NASTY", nasty, "B", "2", "A", "1");
    try (RemoteHost host = connect(root())) {
      CommandResult result =
          host.exec(
              HostCommand.of("printf '%s|' \"$A\" \"$B\" \"$PATH\"; printf '%s' \"$NASTY\"")
                  .withEnv(env));
      assertThat(result.stdout())
          .isEqualTo("1|2|" + CommandScript.DEFAULT_PATH + "|" + nasty.replace("\r", ""));
    }
  }

  @Test
  void stdinIsDeliveredAfterTheScript() {
    try (RemoteHost host = connect(root())) {
      String input = "line one\nline two\n" + "x".repeat(100_000);
      CommandResult result =
          host.exec(
              HostCommand.of("read -r first\necho \"first=$first\"\nwc -c")
                  .withStdin(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))));
      assertThat(result.stdout()).isEqualTo("first=line one\n" + (9 + 100_000) + "\n");
    }
  }

  @Test
  void binaryStdoutGoesToTheSinkByteForByte() {
    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(data);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (RemoteHost host = connect(root())) {
      CommandResult result =
          host.exec(
              HostCommand.of("cat").withStdin(new ByteArrayInputStream(data)).withStdout(sink));
      assertThat(result.succeeded()).isTrue();
      assertThat(result.stdout()).isEmpty();
    }
    assertThat(sink.toByteArray()).isEqualTo(data);
    assertThat(events).noneMatch(e -> e instanceof HostOutputEvent o && !o.stderr());
  }

  @Test
  void capturedStdoutKeepsTheLastMebibyte() {
    try (RemoteHost host = connect(root())) {
      CommandResult result =
          host.exec(HostCommand.of("head -c 1500000 /dev/zero | tr '\\0' a; echo END"));
      assertThat(result.stdout()).hasSize(CommandRunner.STDOUT_TAIL).endsWith("aaaEND\n");
    }
  }

  @Test
  void aCommandPastItsTimeLimitIsKilledAndReported() throws Exception {
    Path pidFile = dir.resolve("pid");
    try (RemoteHost host = connect(root())) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  host.exec(
                      HostCommand.of("sleep 60 & echo $! > " + pidFile + "; wait")
                          .withTimeout(Duration.ofSeconds(1))
                          .describedAs("wait for nothing")))
          .isInstanceOfSatisfying(
              HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.COMMAND))
          .hasMessage("127.0.0.1: wait for nothing ran past 1 s and was stopped");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
      long sleeper = Long.parseLong(Files.readString(pidFile).strip());
      waitUntilGone(sleeper);
      assertThat(host.exec(HostCommand.of("echo still usable")).stdout())
          .isEqualTo("still usable\n");
    }
  }

  static void waitUntilGone(long pid) throws IOException, InterruptedException {
    for (int i = 0; i < 50 && running(pid); i++) {
      Thread.sleep(100);
    }
    assertThat(running(pid)).as("process " + pid + " killed").isFalse();
  }

  /**
   * Whether a process still runs. A zombie does not: a killed command's orphan is reparented to PID
   * 1, and where PID 1 does not reap orphans (containers, CI machines) it stays a zombie, which
   * {@link ProcessHandle#isAlive} counts as alive.
   */
  static boolean running(long pid) throws IOException {
    String text;
    try {
      text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
    // "pid (comm) S ...": the state follows the last ')', as comm may hold one
    String state = text.substring(text.lastIndexOf(')') + 1).strip();
    return !state.startsWith("Z") && !state.startsWith("X");
  }

  @Test
  void aDroppedConnectionMidCommandIsReported() {
    try (RemoteHost host = connect(root())) {
      new Thread(
              () -> {
                try {
                  Thread.sleep(500);
                  server.stop();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              })
          .start();
      assertThatThrownBy(() -> host.exec(HostCommand.of("sleep 20").describedAs("sleep")))
          .isInstanceOfSatisfying(
              HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OTHER))
          .hasMessage("127.0.0.1: lost the connection while running sleep");
    }
  }

  @Test
  void theNextCommandAfterADropConnectsAgain() throws Exception {
    try (RemoteHost host = connect(root())) {
      int port = server.port();
      host.exec(HostCommand.of("true")).orThrow();
      server.stop();
      Thread.sleep(200);
      server.start(port);
      assertThat(host.exec(HostCommand.of("echo again")).stdout()).isEqualTo("again\n");
    }
  }

  @Test
  void copyWritesAtomicallyWithModeAndParents() throws Exception {
    Path target = dir.resolve("a/b/c/file.bin");
    byte[] data = new byte[200_000];
    new Random(1).nextBytes(data);
    try (RemoteHost host = connect(root())) {
      host.copy(new ByteArrayInputStream(data), target.toString(), 0640);
    }
    assertThat(Files.readAllBytes(target)).isEqualTo(data);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-r-----");
    assertThat(Files.list(target.getParent())).containsExactly(target);
  }

  @Test
  void aCopyWhoseStreamFailsHalfWayLeavesNothing() throws Exception {
    Path target = dir.resolve("out/file");
    Files.createDirectories(target.getParent());
    try (RemoteHost host = connect(root())) {
      assertThatThrownBy(() -> host.copy(new FailingStream(300_000), target.toString(), 0644))
          .isInstanceOfSatisfying(
              HostException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OTHER))
          .hasMessageContaining("could not copy to " + target)
          .hasMessageContaining("disk on fire");
    }
    assertThat(Files.list(target.getParent())).isEmpty();
  }

  @Test
  void copyReplacesAnOldFileOnlyWhenComplete() throws Exception {
    Path target = dir.resolve("keep");
    Files.writeString(target, "old");
    try (RemoteHost host = connect(root())) {
      assertThatThrownBy(() -> host.copy(new FailingStream(100_000), target.toString(), 0644))
          .isInstanceOf(HostException.class);
      assertThat(Files.readString(target)).isEqualTo("old");
      host.copy(
          new ByteArrayInputStream("new".getBytes(StandardCharsets.UTF_8)), "" + target, 0600);
    }
    assertThat(Files.readString(target)).isEqualTo("new");
    assertThat(Files.list(dir).filter(p -> p.getFileName().toString().contains(".sealer-")))
        .isEmpty();
  }

  /** Yields {@code good} bytes, then fails. */
  static final class FailingStream extends InputStream {
    private int left;

    FailingStream(int good) {
      this.left = good;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        throw new IOException("disk on fire");
      }
      int n = Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 'z');
      left -= n;
      return n;
    }
  }
}
