package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Run milestone end to end with the packaged CLI: the example etcd ClusterImage (runtime {@code
 * none}) built, then run onto four real sshd hosts made by the {@code local} provider: a host that
 * fails is reported and the re-run continues only there, a second run changes nothing, another
 * process holding the cluster is refused, scale-up adds a member, delete removes one, and delete -a
 * --prune leaves the hosts as they were. Root only; names {@code etcdit*}, 10.249.7.0/24.
 */
class EtcdClusterIT {
  private static final String ENV = "etcdit";
  private static final List<String> IPS =
      List.of("10.249.7.11", "10.249.7.12", "10.249.7.13", "10.249.7.14");

  private static CliHosts hosts;
  private static Path work;
  private static Path root;
  private static Path home;
  private static SealerProcess sealer;
  private static String password;

  @BeforeAll
  static void hostsAndImage() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/etcd")), "needs Debian's etcd-server");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/etcdctl")), "needs Debian's etcd-client");
    hosts = CliHosts.up("etcd-it", ENV, IPS, "10.249.7.0/24");
    work = hosts.work();
    root = hosts.root();
    home = hosts.home();
    sealer = hosts.sealer();
    password = hosts.password();

    Path context = work.resolve("context");
    copyTree(Path.of("../examples/etcd-cluster"), context);
    Files.createDirectories(context.resolve("bin"));
    Files.copy(Path.of("/usr/bin/etcd"), context.resolve("bin/etcd"));
    Files.copy(Path.of("/usr/bin/etcdctl"), context.resolve("bin/etcdctl"));
    SealerProcess.Result build = run("build", "-t", "etcd-it:v1", context.toString());
    assertThat(build.exitCode()).as(build.err()).isZero();
  }

  @AfterAll
  static void down() throws Exception {
    if (hosts != null) {
      hosts.close();
    }
  }

  @Test
  void aClusterIsFormedGrownShrunkAndRemovedLeavingTheHostsAsTheyWere() throws Exception {
    String masters = String.join(",", IPS.subList(0, 3));
    for (String ip : IPS) {
      assertThat(onHost(ip, "ls -A /var/lib/sealer")).as(ip).isEmpty();
    }

    // a dry run shows the plan and the bytes per host, and changes nothing
    SealerProcess.Result dry = run("run", "etcd-it:v1", "-m", masters, "--dry-run");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    for (String ip : IPS.subList(0, 3)) {
      assertThat(dry.out())
          .containsPattern(
              "post-init-host +" + ip.replace(".", "\\.") + " +hook etcd-start +to do");
      assertThat(dry.out())
          .containsPattern(
              "distribute +" + ip.replace(".", "\\.") + " +send rootfs +[0-9.]+ MiB to send");
    }
    assertThat(onHost(IPS.get(0), "ls -A /var/lib/sealer")).isEmpty();
    assertThat(home.resolve(".sealer/my-cluster/Clusterfile")).doesNotExist();

    // the third host cannot start its member: the run reports it and the others finish
    onHost(IPS.get(2), "mkdir -p /var/lib/sealer/etcd && touch /var/lib/sealer/etcd/my-cluster");
    SealerProcess.Result failed = run("run", "etcd-it:v1", "-m", masters);
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err())
        .contains("1 of 3 hosts failed in post-init-host")
        .contains(IPS.get(2) + ": hook etcd-start exited 1");
    assertThat(failed.err()).doesNotContain(password);
    assertThat(Files.getPosixFilePermissions(home.resolve(".sealer/my-cluster/Clusterfile")))
        .hasSize(2); // rw for the owner only

    // the re-run continues: only the failed host runs its hook again
    onHost(IPS.get(2), "rm /var/lib/sealer/etcd/my-cluster");
    SealerProcess.Result resumed = run("run", "etcd-it:v1", "-m", masters);
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(resumed.err()).contains("[" + IPS.get(2) + "] starting etcd-10-249-7-13");
    assertThat(resumed.err()).doesNotContain("[" + IPS.get(0) + "] starting");
    assertThat(resumed.err()).contains(IPS.get(0) + ": received 0 files");
    assertThat(members()).hasSize(3);
    assertThat(health()).contains("10.249.7.13:2379 is healthy");

    // the same run again changes nothing, and uses the prepared copy of the image it kept
    Path kept = root.resolve("clusters/my-cluster/linux-amd64/rootfs/bin/etcd");
    assertThat(kept).exists();
    long inode = (long) Files.getAttribute(kept, "unix:ino");
    SealerProcess.Result again = run("run", "etcd-it:v1", "-m", masters);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).doesNotContain("starting etcd");
    for (String ip : IPS.subList(0, 3)) {
      assertThat(again.err()).contains(ip + ": received 0 files (0 bytes)");
    }
    assertThat((long) Files.getAttribute(kept, "unix:ino"))
        .as("not extracted again")
        .isEqualTo(inode);

    // a run that would change the cluster is refused with what to do instead
    SealerProcess.Result other = run("run", "etcd-it:v1", "-m", IPS.get(0));
    assertThat(other.exitCode()).isEqualTo(1);
    assertThat(other.err()).contains("already exists on other hosts").contains("scale-up");

    // another process holding the cluster: refused, nothing changed
    try (LockHolder holder = new LockHolder(home.resolve(".sealer/my-cluster/lock"))) {
      SealerProcess.Result busy = run("scale-up", "-m", IPS.get(3));
      assertThat(busy.exitCode()).isEqualTo(1);
      assertThat(busy.err()).contains("is being changed by another sealer process");
    }

    // scale-up adds a member, delete takes it out and stops it
    SealerProcess.Result scaled = run("scale-up", "-m", IPS.get(3));
    assertThat(scaled.exitCode()).as(scaled.err()).isZero();
    assertThat(members()).hasSize(4).anyMatch(m -> m.contains("etcd-10-249-7-14"));
    SealerProcess.Result removed = run("delete", "-m", IPS.get(3), "--prune", "--force");
    assertThat(removed.exitCode()).as(removed.err()).isZero();
    assertThat(members()).hasSize(3).noneMatch(m -> m.contains("etcd-10-249-7-14"));
    assertThat(onHost(IPS.get(3), "pgrep -f '[e]tcd --name' || true")).isEmpty();

    // exec runs on every host
    SealerProcess.Result exec = run("exec", "hostname");
    assertThat(exec.exitCode()).as(exec.err()).isZero();
    assertThat(exec.err()).contains("[10.249.7.11] etcdit-1").contains("[10.249.7.13] etcdit-3");

    // delete -a --prune leaves every host as it was
    SealerProcess.Result all = run("delete", "-a", "--prune", "--force");
    assertThat(all.exitCode()).as(all.err()).isZero();
    for (String ip : IPS) {
      assertThat(
              onHost(
                  ip,
                  "ls -A /var/lib/sealer; ls /run /var/log | grep sealer-etcd; "
                      + "pgrep -f '[e]tcd --name'; true"))
          .as(ip)
          .isEmpty();
    }
    assertThat(home.resolve(".sealer/my-cluster")).doesNotExist();
    assertThat(root.resolve("clusters/my-cluster")).doesNotExist();
  }

  @Test
  void faultsAreReportedPerHostAndTheSameCommandCompletesTheCluster() throws Exception {
    String two = IPS.get(0) + "," + IPS.get(1);
    // an unreachable host: one line naming it, before anything changes on the others
    SealerProcess.Result unreachable =
        run("run", "etcd-it:v1", "-m", two + ",10.249.7.99", "--cluster-name", "faults");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.err()).contains("10.249.7.99: could not connect to port 22");
    assertThat(onHost(IPS.get(0), "ls -A /var/lib/sealer")).isEmpty();
    // the failed run can be deleted; the host that is gone is only warned about
    SealerProcess.Result gone = run("delete", "-a", "--prune", "--force", "-c", "faults");
    assertThat(gone.exitCode()).as(gone.err()).isZero();
    assertThat(gone.err()).contains("warning: 10.249.7.99");

    // a wrong password on one host: that host is named, the password is not printed
    Path clusterfile = work.resolve("Clusterfile-faults");
    Files.writeString(
        clusterfile,
        clusterfile(
            "  - ips: ["
                + IPS.get(2)
                + "]\n"
                + "    roles: [master]\n    ssh: {passwd: not-the-password}\n"));
    SealerProcess.Result wrong = run("run", "-f", clusterfile.toString());
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err())
        .contains(IPS.get(2) + ": could not log in as root: authentication failed")
        .doesNotContain("not-the-password")
        .doesNotContain(password);

    // fixed; then sealer itself is killed with SIGKILL in the middle of the run
    Files.writeString(
        clusterfile, clusterfile("  - ips: [" + IPS.get(2) + "]\n" + "    roles: [master]\n"));
    Path log = work.resolve("killed-run.log");
    Process killed =
        sealer.start(Map.of("HOME", home.toString()), log, "run", "-f", clusterfile.toString());
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline
        && killed.isAlive()
        && !Files.readString(log).contains("[distribute]")) {
      Thread.sleep(50);
    }
    killed.destroyForcibly().waitFor();
    SealerProcess.Result again = run("run", "-f", clusterfile.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(members()).hasSize(3);
    assertThat(health()).contains(IPS.get(2) + ":2379 is healthy");

    SealerProcess.Result all = run("delete", "-a", "--prune", "--force", "-c", "faults");
    assertThat(all.exitCode()).as(all.err()).isZero();
    for (String ip : IPS) {
      assertThat(onHost(ip, "ls -A /var/lib/sealer; pgrep -f '[e]tcd --name'; true"))
          .as(ip)
          .isEmpty();
    }
  }

  /** A Clusterfile named faults: the first two hosts as masters, then {@code more} hosts. */
  private static String clusterfile(String more) {
    return "apiVersion: sealer.io/v2\nkind: Cluster\nmetadata:\n  name: faults\nspec:\n"
        + "  image: etcd-it:v1\n  ssh: {user: root, passwd: '"
        + password
        + "'}\n  hosts:\n"
        + "  - ips: ["
        + IPS.get(0)
        + ", "
        + IPS.get(1)
        + "]\n    roles: [master]\n"
        + more;
  }

  private static SealerProcess.Result run(String... args) throws Exception {
    return hosts.run(args);
  }

  private static List<String> members() throws Exception {
    return etcdctl("member", "list").lines().filter(l -> !l.isBlank()).toList();
  }

  private static String health() throws Exception {
    return etcdctl("endpoint", "health", "--cluster");
  }

  private static String etcdctl(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("etcdctl", "--endpoints=http://" + IPS.get(0) + ":2379"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("ETCDCTL_API", "3");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** Runs a command on a host over real SSH (the provider's key and known hosts). */
  private static String onHost(String ip, String command) throws Exception {
    return hosts.onHost(ip, command);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!from.relativize(p).startsWith("bin")) {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** Another process holding the cluster's lock (the POSIX lock sealer takes). */
  private static final class LockHolder implements AutoCloseable {
    private final Process process;

    LockHolder(Path file) throws IOException {
      process =
          new ProcessBuilder(
                  "python3",
                  "-c",
                  "import fcntl,sys,time\nf=open(sys.argv[1],'a+')\nfcntl.lockf(f,fcntl.LOCK_EX)\n"
                      + "print('locked',flush=True)\ntime.sleep(120)\n",
                  file.toString())
              .redirectErrorStream(true)
              .start();
      String line =
          new BufferedReader(
                  new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(line).isEqualTo("locked");
    }

    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
