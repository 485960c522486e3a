package io.sealer.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * lvscare on real nftables: a client namespace reaches two HTTP servers in two other namespaces
 * through VIP 10.251.0.100:6443, while the care loop (its own JVM, inside the client namespace)
 * takes a stopped server out of the rotation and puts it back when it returns.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NftablesCareIT {
  private static final String VIP = "10.251.0.100:6443";
  private static final String S1 = "10.251.0.11:8000";
  private static final String S2 = "10.251.0.12:8000";
  private static final String TABLE = "ip lvscare_10_251_0_100_6443";
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final String[] HOSTS = {"client", "s1", "s2", "pod"};

  @TempDir static Path dir;
  private static final LabNetwork network = new LabNetwork();
  private static Process server1;
  private static Process server2;
  private static final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void createHosts() throws Exception {
    assumeTrue(LabNetwork.available(), "needs root, nft, curl and python3");
    network.destroy(HOSTS); // whatever an aborted run left
    network.createBridge();
    network.addHost("client", "10.251.0.10");
    network.addHost("s1", "10.251.0.11");
    network.addHost("s2", "10.251.0.12");
    network.addHostBehind("pod", "10.251.0.130", "client", "10.251.0.129");
    server1 = startServer("s1", "10.251.0.11");
    server2 = startServer("s2", "10.251.0.12");
  }

  @AfterAll
  static void removeHosts() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    if (LabNetwork.available()) {
      network.destroy(HOSTS);
    }
  }

  private static Process startServer(String name, String ip) throws Exception {
    Path root = dir.resolve(name);
    Files.createDirectories(root);
    Files.writeString(root.resolve("whoami"), name);
    Process p =
        LabNetwork.start(
            name,
            List.of(
                "/usr/bin/python3",
                "-m",
                "http.server",
                "8000",
                "--bind",
                ip,
                "--directory",
                root.toString()),
            dir.resolve(name + ".log"));
    processes.add(p);
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!LabNetwork.in("client", "curl -s --max-time 1 http://" + ip + ":8000/whoami")
        .equals(name)) {
      assertThat(p.isAlive()).as(name + " server running").isTrue();
      assertThat(System.nanoTime()).as(name + " server answers within 20 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    return p;
  }

  private static Process care(String mode, boolean clean, Path log) throws IOException {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                CareProcess.class.getName(),
                mode,
                VIP,
                Long.toString(INTERVAL.toSeconds()),
                Boolean.toString(clean),
                S1,
                S2));
    Process p = LabNetwork.start("client", argv, log);
    processes.add(p);
    return p;
  }

  private static int finish(Process p) throws InterruptedException {
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("process ends").isTrue();
    return p.exitValue();
  }

  /** Who answers {@code n} new connections to the VIP from the client ("" for a failure). */
  private static List<String> ask(int n) {
    return askFrom("client", n);
  }

  private static List<String> askFrom(String host, int n) {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      answers.add(LabNetwork.in(host, "curl -s --max-time 2 http://" + VIP + "/whoami"));
    }
    return answers;
  }

  private static boolean tableExists() {
    return LabNetwork.in("client", "nft list table " + TABLE + " >/dev/null 2>&1 && echo yes")
        .strip()
        .equals("yes");
  }

  private static boolean vipOnLo() {
    return LabNetwork.in("client", "ip -o -4 addr show dev lo").contains(" 10.251.0.100/32 ");
  }

  /** Milliseconds from {@code since} to the timestamp of the log line holding {@code text}. */
  private static long millisUntil(Path log, LocalTime since, String text) throws IOException {
    String line =
        Files.readString(log).lines().filter(l -> l.contains(text)).findFirst().orElseThrow();
    return Duration.between(since, LocalTime.parse(line.substring(0, line.indexOf(' '))))
        .toMillis();
  }

  private static void waitForLog(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(log) || !Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
      assertThat(System.nanoTime()).as("'" + text + "' logged within 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  @Order(1)
  void runOnceLeavesRulesThatSpreadConnectionsOverBothServers() throws Exception {
    Path log = dir.resolve("run-once.log");
    assertThat(finish(care("run-once", false, log))).as(Files.readString(log)).isZero();
    assertThat(tableExists()).isTrue();
    assertThat(vipOnLo()).isTrue();
    List<String> answers = ask(6);
    assertThat(answers).containsOnly("s1", "s2");
    assertThat(new HashSet<>(answers)).containsExactlyInAnyOrder("s1", "s2");
    // Forwarded traffic: a "pod" routed through the client reaches the servers too (prerouting
    // DNAT; masquerade so that the servers' replies come back through the client).
    assertThat(new HashSet<>(askFrom("pod", 6))).containsExactlyInAnyOrder("s1", "s2");

    Path cleanLog = dir.resolve("clean.log");
    assertThat(finish(care("clean", false, cleanLog))).as(Files.readString(cleanLog)).isZero();
    assertThat(tableExists()).isFalse();
    assertThat(vipOnLo()).isFalse();
    assertThat(ask(1)).containsExactly("");
  }

  @Test
  @Order(2)
  void careLoopFollowsAServerFailureAndRecoveryAndKeepsRulesOnSigterm() throws Exception {
    Path log = dir.resolve("care.log");
    Process loop = care("care", false, log);
    waitForLog(log, "caring for " + VIP);
    assertThat(new HashSet<>(ask(4))).containsExactlyInAnyOrder("s1", "s2");

    server1.destroy();
    assertThat(server1.waitFor(10, TimeUnit.SECONDS)).isTrue();
    LocalTime stopped = LocalTime.now();
    Thread.sleep(INTERVAL.multipliedBy(2).toMillis());
    assertThat(ask(6)).as(Files.readString(log)).containsOnly("s2");
    String removed = "removed " + S1 + " from " + VIP;
    assertThat(Files.readString(log)).contains(removed);
    System.out.printf(
        "failover: %s left the rotation %d ms after it stopped (interval %d ms)%n",
        S1, millisUntil(log, stopped, removed), INTERVAL.toMillis());

    server1 = startServer("s1", "10.251.0.11");
    LocalTime started = LocalTime.now();
    Thread.sleep(INTERVAL.multipliedBy(2).toMillis());
    assertThat(new HashSet<>(ask(6)))
        .as(Files.readString(log))
        .containsExactlyInAnyOrder("s1", "s2");
    String added = "added " + S1 + " back to " + VIP;
    assertThat(Files.readString(log)).contains(added);
    System.out.printf(
        "recovery: %s was back %d ms after it answered again%n",
        S1, millisUntil(log, started, added));

    LabNetwork.in("client", "nft delete table " + TABLE);
    assertThat(tableExists()).isFalse();
    waitForLog(log, "the rules for " + VIP + " were removed or changed; restoring them");
    // the line is logged before the loop's `nft -f` runs: wait for the table, not just the line
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!tableExists()) {
      assertThat(System.nanoTime()).as("table restored within 10 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(new HashSet<>(ask(4))).containsExactlyInAnyOrder("s1", "s2");

    loop.destroy(); // SIGTERM
    finish(loop);
    System.out.println("care loop log:\n" + Files.readString(log));
    assertThat(Files.readString(log)).contains("the rules for " + VIP + " stay in place");
    assertThat(tableExists()).isTrue();
    assertThat(vipOnLo()).isTrue();
    assertThat(new HashSet<>(ask(4))).containsExactlyInAnyOrder("s1", "s2");
  }

  @Test
  @Order(3)
  void sigtermWithCleanRemovesTheTableAndTheVip() throws Exception {
    Path log = dir.resolve("care-clean.log");
    Process loop = care("care", true, log);
    waitForLog(log, "caring for " + VIP);
    assertThat(tableExists()).isTrue();
    loop.destroy();
    finish(loop);
    assertThat(Files.readString(log)).contains("removed the VIP 10.251.0.100 from lo");
    assertThat(tableExists()).isFalse();
    assertThat(vipOnLo()).isFalse();
    Set<String> after = new HashSet<>(ask(2));
    assertThat(after).containsExactly("");
  }

  /** The care logic in this JVM, its rules and VIP in the client namespace. */
  private static Lvscare inClient(CommandRunner runner) {
    return Lvscare.builder().runner(runner).backend(BackendKind.NFTABLES).build();
  }

  private static final CommandRunner CLIENT_RUNNER =
      CommandRunner.local(List.of("ip", "netns", "exec", "lvt-client"));

  @Test
  @Order(4)
  void reloadsNeverLeaveAGap() throws Exception {
    Lvscare lvscare = inClient(CLIENT_RUNNER);
    VirtualServer both = VirtualServer.parse(VIP, List.of(S1, S2));
    VirtualServer reversed = VirtualServer.parse(VIP, List.of(S2, S1));
    lvscare.apply(both);
    AtomicBoolean reloading = new AtomicBoolean(true);
    AtomicInteger requests = new AtomicInteger();
    List<String> failures = new CopyOnWriteArrayList<>();
    Thread client =
        new Thread(
            () -> {
              while (reloading.get()) {
                String answer = ask(1).get(0);
                requests.incrementAndGet();
                if (!answer.equals("s1") && !answer.equals("s2")) {
                  failures.add(answer);
                }
              }
            });
    client.start();
    int reloads = 0;
    long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
    while (System.nanoTime() < until) {
      lvscare.apply(reloads++ % 2 == 0 ? reversed : both);
    }
    reloading.set(false);
    client.join(10_000);
    System.out.printf(
        "reloads: %d table replacements during %d requests, %d failed%n",
        reloads, requests.get(), failures.size());
    assertThat(reloads).isGreaterThan(10);
    assertThat(requests.get()).isGreaterThan(10);
    assertThat(failures).isEmpty();
  }

  @Test
  @Order(5)
  void aRefusedReloadChangesNothing() {
    VirtualServer both = VirtualServer.parse(VIP, List.of(S1, S2));
    Lvscare lvscare = inClient(CLIENT_RUNNER);
    lvscare.apply(both);
    CommandRunner corrupting =
        new CommandRunner() {
          @Override
          public io.sealer.api.host.CommandResult run(List<String> argv, String stdin) {
            return CLIENT_RUNNER.run(argv, stdin == null ? null : stdin + "this is not nft\n");
          }

          @Override
          public String where() {
            return CLIENT_RUNNER.where();
          }
        };
    VirtualServer onlyS2 = VirtualServer.parse(VIP, List.of(S2));
    assertThatThrownBy(() -> inClient(corrupting).loadBalancer().apply(onlyS2))
        .isInstanceOf(LoadBalancerException.class)
        .hasMessageStartingWith(
            "could not apply the nftables rules for "
                + VIP
                + " on ip netns exec lvt-client:"
                + " nft -f - exited 1: ");
    assertThat(lvscare.loadBalancer().inPlace(both)).isTrue();
    assertThat(new HashSet<>(ask(4))).containsExactlyInAnyOrder("s1", "s2");
    lvscare.clean(both.vip());
    assertThat(tableExists()).isFalse();
    assertThat(vipOnLo()).isFalse();
  }
}
