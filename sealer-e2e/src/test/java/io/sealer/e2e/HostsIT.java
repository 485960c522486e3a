package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealer.api.event.SealerEvent;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostException;
import io.sealer.api.host.HostException.Kind;
import io.sealer.api.host.RemoteHost;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's HostConnector against real sshd hosts of the {@code local} provider: every way to
 * log in, the failures a user meets (each one line naming the host, in bounded time), a changed
 * host key, and no password in any event or process list here or on the host. Root only;
 * environment {@code hitssh}, 10.249.9.0/24.
 */
class HostsIT {
  private static final String DEPLOY_PASSWORD = "Dep1oy-pw-4b7a9e";
  private static final String PASSPHRASE = "key-phrase-19d3";
  private static final String UNUSED = "10.249.9.250";

  private static final List<SealerEvent> EVENTS = Collections.synchronizedList(new ArrayList<>());
  private static Path work;
  private static LocalHosts hosts;

  @BeforeAll
  static void up() throws Exception {
    assumeTrue(LocalHosts.available(), "needs root, sshd and unshare");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/sudo")), "needs sudo (install-deps.sh)");
    work = Files.createTempDirectory("hosts-it");
    hosts = LocalHosts.up(work, "hitssh", 2, "10.249.9.0/24");
    // a non-root user with a password and sudo; the provider's key also logs it in
    String pub = Files.readString(Path.of(hosts.privateKey() + ".pub")).strip();
    try (RemoteHost host = hosts.root(0, EVENTS::add)) {
      host.exec(
              HostCommand.of(
                      "id deploy >/dev/null 2>&1 || useradd -m -s /bin/bash deploy\n"
                          + "chpasswd\n"
                          + "echo 'deploy ALL=(ALL) ALL' > /etc/sudoers.d/deploy\n"
                          + "chmod 0440 /etc/sudoers.d/deploy\n"
                          + "install -d -m 0700 -o deploy -g deploy /home/deploy/.ssh\n"
                          + "echo '"
                          + pub
                          + "' > /home/deploy/.ssh/authorized_keys\n"
                          + "chown deploy:deploy /home/deploy/.ssh/authorized_keys\n")
                  .withStdin(stdin("deploy:" + DEPLOY_PASSWORD + "\n"))
                  .quiet())
          .orThrow();
    }
  }

  @AfterAll
  static void down() throws java.io.IOException {
    if (hosts != null) {
      hosts.close();
    }
    CliHosts.deleteTree(work);
  }

  @Test
  void rootLogsInWithThePasswordAndWithTheProvidersKey() {
    String ip = hosts.address(0);
    for (HostAccess access :
        List.of(
            HostAccess.withPassword(ip, hosts.password()),
            new HostAccess(ip, 22, "root", null, hosts.privateKey(), null))) {
      try (RemoteHost host = hosts.connector().connect(access, EVENTS::add)) {
        assertThat(host.exec(HostCommand.of("id -un; hostname").quiet()).orThrow().stdout())
            .as(access.toString())
            .isEqualTo("root\nhitssh-1\n");
      }
    }
  }

  @Test
  void aKeyWithAPassphraseLogsIn() throws Exception {
    Path key = work.resolve("phrase_ed25519");
    Files.deleteIfExists(key);
    Files.deleteIfExists(Path.of(key + ".pub"));
    Process keygen =
        new ProcessBuilder(
                "ssh-keygen", "-q", "-t", "ed25519", "-N", PASSPHRASE, "-f", key.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(keygen.exitValue()).isZero();
    hosts.run(
        0,
        "echo '" + Files.readString(Path.of(key + ".pub")).strip() + "' >> .ssh/authorized_keys");
    String ip = hosts.address(0);

    try (RemoteHost host =
        hosts
            .connector()
            .connect(new HostAccess(ip, 22, "root", null, key, PASSPHRASE), EVENTS::add)) {
      assertThat(host.exec(HostCommand.of("id -un").quiet()).orThrow().stdout())
          .isEqualTo("root\n");
    }
    HostException wrong =
        catchThrowableOfType(
            () ->
                hosts
                    .connector()
                    .connect(new HostAccess(ip, 22, "root", null, key, "not-it"), EVENTS::add),
            HostException.class);
    assertThat(wrong.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(wrong.getMessage())
        .startsWith(ip + ": ")
        .doesNotContain("\n")
        .contains(key.toString());
  }

  @Test
  void aSudoUserRunsAsRootAndAWrongSudoPasswordIsRefusedNamingTheHost() {
    String ip = hosts.address(0);
    try (RemoteHost host =
        hosts
            .connector()
            .connect(new HostAccess(ip, 22, "deploy", DEPLOY_PASSWORD, null, null), EVENTS::add)) {
      assertThat(host.exec(HostCommand.of("id -u; echo $SUDO_USER").quiet()).orThrow().stdout())
          .isEqualTo("0\ndeploy\n");
    }
    // the key logs deploy in; the password, wrong, is only sudo's
    long start = System.nanoTime();
    try (RemoteHost host =
        hosts
            .connector()
            .connect(
                new HostAccess(ip, 22, "deploy", "wrong-sudo-pw", hosts.privateKey(), null),
                EVENTS::add)) {
      HostException refused =
          catchThrowableOfType(
              () -> host.exec(HostCommand.of("id -u").quiet()), HostException.class);
      assertThat(refused.kind()).isEqualTo(Kind.AUTHENTICATION);
      assertThat(refused.host()).isEqualTo(ip);
      assertThat(refused.getMessage())
          .startsWith(ip + ": could not run commands as root through sudo as deploy")
          .doesNotContain("\n")
          .doesNotContain("wrong-sudo-pw");
    }
    assertThat(seconds(start)).isLessThan(20);
  }

  @Test
  void aWrongPasswordIsOneLineNamingTheHost() {
    String ip = hosts.address(0);
    long start = System.nanoTime();
    HostException e =
        catchThrowableOfType(
            () ->
                hosts
                    .connector()
                    .connect(HostAccess.withPassword(ip, "not-the-password"), EVENTS::add),
            HostException.class);
    assertThat(e.kind()).isEqualTo(Kind.AUTHENTICATION);
    assertThat(e.getMessage())
        .isEqualTo(ip + ": could not log in as root: authentication failed (password)");
    assertThat(seconds(start)).isLessThan(15);
  }

  @Test
  void anUnreachableHostIsOneLineNamingItInBoundedTime() {
    long start = System.nanoTime();
    HostException e =
        catchThrowableOfType(
            () ->
                hosts
                    .connector()
                    .connect(HostAccess.withPassword(UNUSED, hosts.password()), EVENTS::add),
            HostException.class);
    double took = seconds(start);
    assertThat(e.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(e.getMessage())
        .startsWith(UNUSED + ": could not connect to port 22: ")
        .doesNotContain("\n")
        .doesNotContain(hosts.password());
    // three attempts (15 s connect timeout each at most, 1 s + 2 s apart)
    assertThat(took).isLessThan(50);
    System.out.printf("HostsIT: unreachable host reported in %.1f s: %s%n", took, e.getMessage());
  }

  @Test
  void aChangedHostKeyIsRefusedNamingTheHost() throws Exception {
    String ip = hosts.address(1);
    hosts.run(1, "true"); // first use: the key is recorded
    assertThat(work.resolve("home/.sealer/known_hosts")).content().contains(ip);
    hosts.run(
        1,
        "rm -f /etc/ssh/ssh_host_*_key /etc/ssh/ssh_host_*_key.pub\n"
            + "ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key\n"
            + "ssh-keygen -q -t ecdsa -N '' -f /etc/ssh/ssh_host_ecdsa_key\n"
            + "kill -TERM $(cat /run/sshd.pid)\n");
    awaitNewSshd(ip);

    HostException e =
        catchThrowableOfType(
            () ->
                hosts
                    .connector()
                    .connect(HostAccess.withPassword(ip, hosts.password()), EVENTS::add),
            HostException.class);
    assertThat(e.kind()).isEqualTo(Kind.HOST_KEY_CHANGED);
    assertThat(e.host()).isEqualTo(ip);
    assertThat(e.getMessage()).startsWith(ip + ": ").doesNotContain("\n");
    // the recorded key stays as it was: a later connection is refused too
    assertThat(
            catchThrowableOfType(
                    () ->
                        hosts
                            .connector()
                            .connect(
                                new HostAccess(ip, 22, "root", null, hosts.privateKey(), null),
                                EVENTS::add),
                    HostException.class)
                .kind())
        .isEqualTo(Kind.HOST_KEY_CHANGED);
  }

  /** Waits until the host's init has started sshd again (it does so 1 s after sshd exits). */
  private static void awaitNewSshd(String ip) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Thread.sleep(500);
    while (System.nanoTime() < deadline) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(ip, 22), 500);
        return;
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("sshd on " + ip + " did not come back");
  }

  @Test
  void noPasswordInEventsOrProcessListsHereOrOnTheHostWhileALongCommandRuns() throws Exception {
    String ip = hosts.address(0);
    try (RemoteHost host =
            hosts
                .connector()
                .connect(
                    new HostAccess(ip, 22, "deploy", DEPLOY_PASSWORD, null, null), EVENTS::add);
        RemoteHost watcher = hosts.root(0, EVENTS::add)) {
      CompletableFuture<CommandResult> running =
          CompletableFuture.supplyAsync(
              () ->
                  host.exec(
                      HostCommand.of("sleep 3.14; echo slept; id -u").withStdin(stdin("in"))));
      boolean sawItHere = false;
      boolean sawItThere = false;
      for (int i = 0; i < 25 && !running.isDone(); i++) {
        String ps = ps();
        String cmdlines = LocalHosts.allCmdlines();
        String remote =
            watcher
                .exec(
                    HostCommand.of(
                            "ps -eo args; for f in /proc/[0-9]*/cmdline; do cat $f 2>/dev/null; echo; done")
                        .quiet())
                .orThrow()
                .stdout();
        sawItHere |= ps.contains("sleep 3.14") && cmdlines.contains("sleep\u00003.14");
        sawItThere |= remote.contains("sleep 3.14");
        for (String text : List.of(ps, cmdlines, remote)) {
          assertThat(text).doesNotContain(DEPLOY_PASSWORD).doesNotContain(hosts.password());
        }
        Thread.sleep(100);
      }
      assertThat(sawItHere).as("the check here ran while the command ran").isTrue();
      assertThat(sawItThere).as("the check on the host ran while the command ran").isTrue();
      assertThat(running.get(30, TimeUnit.SECONDS).stdout()).isEqualTo("slept\n0\n");
    }
    String events;
    synchronized (EVENTS) {
      events = EVENTS.toString();
    }
    assertThat(events)
        .contains("slept")
        .doesNotContain(DEPLOY_PASSWORD)
        .doesNotContain(hosts.password());
    // sshd's own log on the host (its stderr goes to the provider's init.log)
    assertThat(hosts.hostDir(0).resolve("init.log"))
        .content()
        .doesNotContain(DEPLOY_PASSWORD)
        .doesNotContain(hosts.password());
  }

  private static String ps() throws Exception {
    Process p = new ProcessBuilder("ps", "-eo", "args").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out;
  }

  private static ByteArrayInputStream stdin(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
