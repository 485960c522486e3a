package io.sealer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealer.api.SealerException;
import io.sealer.api.event.EventListener;
import io.sealer.api.infra.InfraEnvironment;
import io.sealer.api.infra.InfraProvider;
import io.sealer.api.infra.InfraRequest;
import io.sealer.api.infra.ProvisionedHost;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real local hosts (as root): one environment {@code sit} on 10.250.0.0/24 shared by the ordered
 * tests, checked with the system's ssh client. Uses only names starting with {@code sit} and that
 * subnet, and removes them afterwards, also when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalProviderIT {
  private static final String ENV = "sit";
  private static final String OTHER_ENV = "sitb";
  private static final String SUBNET = "10.250.0.0/24";

  private Path stateRoot;
  private InfraProvider provider;
  private InfraEnvironment env;
  private long upMillis;
  private String ipForwardBefore;

  @BeforeAll
  void upThreeHosts() throws IOException {
    assumeTrue(System.getProperty("os.name").startsWith("Linux") && Tools.isRoot(), "needs root");
    stateRoot = Files.createTempDirectory("sit-infra-");
    provider = InfraProviders.local(stateRoot, EventListener.NONE);
    ipForwardBefore = Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward"));
    provider.down(ENV); // leftovers of an earlier, killed run (found by name)
    provider.down(OTHER_ENV);
    long t0 = System.nanoTime();
    env = provider.up(request(3));
    upMillis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("local provider: 3 hosts up in " + upMillis + " ms");
  }

  @AfterAll
  void downEverything() throws IOException {
    if (provider == null) {
      return;
    }
    try {
      provider.down(ENV);
      provider.down(OTHER_ENV);
    } finally {
      StateFiles.deleteTree(stateRoot);
    }
  }

  private static InfraRequest request(int count) {
    return InfraRequest.ofCount(ENV, count).withOption("subnet", SUBNET);
  }

  @Test
  @Order(1)
  void everyHostAnswersSshWithItsOwnNameAndAddress() throws Exception {
    assertThat(env.hosts())
        .extracting(ProvisionedHost::name)
        .containsExactly("sit-1", "sit-2", "sit-3");
    assertThat(env.hosts())
        .extracting(ProvisionedHost::address)
        .containsExactly("10.250.0.11", "10.250.0.12", "10.250.0.13");
    assertThat(env.gateway()).isEqualTo("10.250.0.1");
    for (ProvisionedHost host : env.hosts()) {
      String out = sshKey(host, "hostname; ip -4 -o addr show dev eth0");
      assertThat(out).startsWith(host.name() + "\n").contains("inet " + host.address() + "/24");
      String byPassword = sshPassword(host, "hostname");
      assertThat(byPassword.strip()).isEqualTo(host.name());
    }
  }

  @Test
  @Order(2)
  void credentialsArePrivateAndNeverOnACommandLine() throws Exception {
    Path passwordFile = env.stateDir().resolve("root-password");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(env.stateDir())))
        .isEqualTo("rwx------");
    String password = env.hosts().get(0).access().password();
    assertThat(password).hasSizeGreaterThanOrEqualTo(20);
    assertThat(env.hosts().get(0).toString()).doesNotContain(password);
    String ps = run(List.of("ps", "-eo", "args"), Map.of()).stdout();
    assertThat(ps).contains("sshd").doesNotContain(password);
    String inHost = sshKey(env.hosts().get(0), "ps -eo args");
    assertThat(inHost).doesNotContain(password);
  }

  @Test
  @Order(3)
  void hostsKeepTheirWritesToThemselvesAndOutliveTheirMaker() throws Exception {
    String marker = "sit-" + UUID.randomUUID();
    ProvisionedHost first = env.hosts().get(0);
    ProvisionedHost second = env.hosts().get(1);
    sshKey(first, "echo hi > /etc/" + marker + " && echo hi > /tmp/" + marker);
    assertThat(sshKey(first, "cat /etc/" + marker + " /tmp/" + marker)).isEqualTo("hi\nhi\n");
    assertThat(Path.of("/etc", marker)).doesNotExist();
    assertThat(Path.of("/tmp", marker)).doesNotExist();
    assertThat(sshKey(second, "ls /etc/" + marker + " /tmp/" + marker + " 2>&1 || echo absent"))
        .contains("absent");
    // the host's PID 1 lives in a session of its own, so it survives this JVM and its terminal
    long init =
        Long.parseLong(Files.readString(env.stateDir().resolve("hosts/sit-1/init.pid")).strip());
    assertThat(sessionOf(init)).isNotEqualTo(sessionOf(ProcessHandle.current().pid()));
    assertThat(sshKey(first, "cat /proc/1/cmdline | tr '\\0' ' '")).contains("host-init.sh");
  }

  @Test
  @Order(4)
  void initStartsSshdAgainWhenItDies() throws Exception {
    long init =
        Long.parseLong(Files.readString(env.stateDir().resolve("hosts/sit-3/init.pid")).strip());
    ProcessHandle sshd =
        ProcessHandle.of(init)
            .orElseThrow()
            .children()
            .filter(p -> p.info().command().orElse("").endsWith("sshd"))
            .findFirst()
            .orElseThrow();
    sshd.destroyForcibly();
    for (int i = 0; i < 100 && sshd.isAlive(); i++) {
      Thread.sleep(20);
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (!LocalHost.sshAnswers("10.250.0.13", 500) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertThat(sshKey(env.hosts().get(2), "hostname").strip()).isEqualTo("sit-3");
  }

  @Test
  @Order(4)
  void hostsReachEachOtherOnTheBridge() throws Exception {
    String probe = "";
    for (ProvisionedHost other : env.hosts()) {
      probe +=
          "timeout 3 bash -c 'exec 3<>/dev/tcp/"
              + other.address()
              + "/22' && echo ok-"
              + other.name()
              + "; ";
    }
    String out = sshKey(env.hosts().get(0), probe);
    assertThat(out).contains("ok-sit-1", "ok-sit-2", "ok-sit-3");
    // and nothing of theirs is forwarded off this machine: a table of our own, ip_forward as it was
    String table =
        run(List.of("nft", "list", "table", "inet", "sealer_infra_sit"), Map.of()).stdout();
    assertThat(table)
        .contains("ip saddr 10.250.0.0/24 ip daddr != 10.250.0.0/24 drop")
        .contains("ip daddr 10.250.0.0/24 ip saddr != 10.250.0.0/24 drop");
    assertThat(Files.readString(Path.of("/proc/sys/net/ipv4/ip_forward")))
        .isEqualTo(ipForwardBefore);
  }

  @Test
  @Order(5)
  void upAgainKeepsHealthyHosts() throws Exception {
    List<String> before = initPids();
    long t0 = System.nanoTime();
    InfraEnvironment again = provider.up(request(3));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.println("local provider: up with nothing to do in " + millis + " ms");
    assertThat(initPids()).isEqualTo(before);
    assertThat(again.hosts()).isEqualTo(env.hosts());
  }

  @Test
  @Order(5)
  void twoCallersAtOnceGetTheSameHosts() throws Exception {
    InfraProvider second = InfraProviders.local(stateRoot, EventListener.NONE);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      var a = pool.submit(() -> provider.up(request(3)));
      var b = pool.submit(() -> second.up(request(3)));
      assertThat(a.get().hosts()).isEqualTo(env.hosts());
      assertThat(b.get().hosts()).isEqualTo(env.hosts());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Order(6)
  void aHostWhoseInitWasKilledIsMadeAgain() throws Exception {
    ProvisionedHost second = env.hosts().get(1);
    Path pidFile = env.stateDir().resolve("hosts/sit-2/init.pid");
    long init = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(init).orElseThrow().destroyForcibly();
    waitGone(init);
    assertThat(provider.status(ENV).orElseThrow().hosts().get(1).running()).isFalse();
    long t0 = System.nanoTime();
    provider.up(request(3));
    System.out.println(
        "local provider: one host made again in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    assertThat(Long.parseLong(Files.readString(pidFile).strip())).isNotEqualTo(init);
    // same host keys: the strict known_hosts check still passes
    assertThat(sshKey(second, "hostname").strip()).isEqualTo("sit-2");
    assertThat(provider.status(ENV).orElseThrow().hosts()).allMatch(ProvisionedHost::running);
  }

  @Test
  @Order(7)
  void aSubnetAlreadyRoutedIsRefusedAndNothingIsMade() {
    // another state root: only the machine's routes can tell that the subnet is taken
    InfraProvider elsewhere =
        InfraProviders.local(stateRoot.resolve("elsewhere"), EventListener.NONE);
    assertThatThrownBy(
            () -> elsewhere.up(InfraRequest.ofCount(OTHER_ENV, 1).withOption("subnet", SUBNET)))
        .isInstanceOf(SealerException.class)
        .hasMessageContaining("10.250.0.0/24")
        .hasMessageContaining("already routed");
    assertThat(Path.of("/sys/class/net", "sitb-br")).doesNotExist();
    assertThat(stateRoot.resolve("elsewhere").resolve(OTHER_ENV)).doesNotExist();
    assertThatThrownBy(
            () -> provider.up(InfraRequest.ofCount(OTHER_ENV, 1).withOption("subnet", SUBNET)))
        .hasMessageContaining("another local environment has it");
  }

  @Test
  @Order(8)
  void fewerHostsRemovesTheExtraOnes() throws Exception {
    InfraEnvironment two = provider.up(request(2));
    assertThat(two.hosts()).extracting(ProvisionedHost::name).containsExactly("sit-1", "sit-2");
    assertThat(Path.of("/run/netns/sit-3")).doesNotExist();
    assertThat(Path.of("/sys/class/net/sit-3")).doesNotExist();
    assertThat(env.stateDir().resolve("hosts/sit-3")).doesNotExist();
    assertThat(LocalHost.sshAnswers("10.250.0.13", 300)).isFalse();
    assertThat(Files.readString(env.stateDir().resolve("known_hosts"))).doesNotContain("sit-3");
  }

  @Test
  @Order(9)
  void downFindsEverythingByNameEvenWithoutItsState() throws Exception {
    Path moved = stateRoot.resolve("moved-away");
    Files.move(env.stateDir(), moved);
    try {
      assertThat(provider.down(ENV)).isTrue();
      assertNothingLeft(moved);
    } finally {
      StateFiles.deleteTree(moved);
    }
  }

  @Test
  @Order(10)
  void downRemovesEverythingItMade() throws Exception {
    InfraEnvironment one = provider.up(request(1));
    assertThat(sshKey(one.hosts().get(0), "hostname").strip()).isEqualTo("sit-1");
    assertThat(provider.down(ENV)).isTrue();
    assertNothingLeft(one.stateDir());
    assertThat(one.stateDir()).doesNotExist();
    assertThat(provider.down(ENV)).isFalse();
    assertThat(provider.status(ENV)).isEmpty();
  }

  private void assertNothingLeft(Path stateDir) throws Exception {
    assertThat(namesIn(Path.of("/run/netns"))).noneMatch(n -> n.startsWith(ENV + "-"));
    assertThat(namesIn(Path.of("/sys/class/net"))).noneMatch(n -> n.startsWith(ENV + "-"));
    assertThat(run(List.of("nft", "list", "tables"), Map.of()).stdout())
        .doesNotContain("sealer_infra_" + ENV + "\n");
    assertThat(Files.readString(Path.of("/proc/self/mountinfo")))
        .doesNotContain(stateDir.toString())
        .doesNotContain("/run/netns/" + ENV + "-");
    assertThat(run(List.of("ps", "-eo", "args"), Map.of()).stdout())
        .doesNotContain(stateDir.toString());
  }

  private static List<String> namesIn(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        entries.forEach(p -> names.add(p.getFileName().toString()));
      }
    }
    return names;
  }

  private List<String> initPids() throws IOException {
    List<String> pids = new ArrayList<>();
    for (ProvisionedHost host : env.hosts()) {
      pids.add(Files.readString(env.stateDir().resolve("hosts/" + host.name() + "/init.pid")));
    }
    return pids;
  }

  private static void waitGone(long pid) throws InterruptedException {
    for (int i = 0; i < 200 && ProcessHandle.of(pid).isPresent(); i++) {
      Thread.sleep(20);
    }
  }

  private static String sessionOf(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return fields[3];
  }

  private static List<String> sshOptions(ProvisionedHost host) {
    return List.of(
        "-o", "UserKnownHostsFile=" + host.knownHosts(),
        "-o", "StrictHostKeyChecking=yes",
        "-o", "ConnectTimeout=5",
        "-o", "LogLevel=ERROR");
  }

  private static String sshKey(ProvisionedHost host, String command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ssh", "-i", host.access().privateKey().toString()));
    cmd.addAll(sshOptions(host));
    cmd.addAll(
        List.of(
            "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "root@" + host.address(), command));
    Result result = run(cmd, Map.of());
    assertThat(result.exit()).as("ssh %s: %s", host.name(), result.stderr()).isZero();
    return result.stdout();
  }

  private static String sshPassword(ProvisionedHost host, String command) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("sshpass", "-e", "ssh"));
    cmd.addAll(sshOptions(host));
    cmd.addAll(
        List.of(
            "-o",
            "PubkeyAuthentication=no",
            "-o",
            "PreferredAuthentications=password,keyboard-interactive",
            "root@" + host.address(),
            command));
    Result result = run(cmd, Map.of("SSHPASS", host.access().password()));
    assertThat(result.exit()).as("sshpass %s: %s", host.name(), result.stderr()).isZero();
    return result.stdout();
  }

  private record Result(int exit, String stdout, String stderr) {}

  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Path err = Files.createTempFile("sit-err", ".txt");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(err);
    Files.delete(err);
    return new Result(process.exitValue(), out, stderr);
  }
}
