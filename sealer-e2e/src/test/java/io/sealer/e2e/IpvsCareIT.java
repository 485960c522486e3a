package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code sealer ipvs care} on real nftables: run inside a client network namespace
 * ({@code lvt-e2e-c}, 10.251.0.20) whose VIP 10.251.0.200:6443 leads to an HTTP server in {@code
 * lvt-e2e-s} (10.251.0.21) over a veth pair. Needs root, nft, curl and python3 (skipped otherwise);
 * everything it makes is removed afterwards.
 */
class IpvsCareIT {
  private static final String CLIENT = "lvt-e2e-c";
  private static final String SERVER = "lvt-e2e-s";
  private static final String VIP = "10.251.0.200:6443";
  private static final String RS = "10.251.0.21:8000";
  private static final String TABLE = "ip lvscare_10_251_0_200_6443";

  @TempDir static Path dir;
  private static final List<Process> processes = new ArrayList<>();
  private static Process server;

  private static boolean available() {
    return "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/sbin/nft"))
        && Files.isExecutable(Path.of("/usr/bin/curl"))
        && Files.isExecutable(Path.of("/usr/bin/python3"));
  }

  @BeforeAll
  static void createHosts() throws Exception {
    assumeTrue(available(), "needs root, nft, curl and python3");
    removeHosts();
    sh(
        String.join(
            " && ",
            "ip netns add " + CLIENT,
            "ip netns add " + SERVER,
            "ip link add lvt-e2e-c0 netns "
                + CLIENT
                + " type veth peer name lvt-e2e-s0 netns "
                + SERVER,
            "ip -n " + CLIENT + " addr add 10.251.0.20/24 dev lvt-e2e-c0",
            "ip -n " + SERVER + " addr add 10.251.0.21/24 dev lvt-e2e-s0",
            "ip -n " + CLIENT + " link set lvt-e2e-c0 up",
            "ip -n " + SERVER + " link set lvt-e2e-s0 up",
            "ip -n " + CLIENT + " link set lo up",
            "ip -n " + SERVER + " link set lo up"));
    Files.writeString(dir.resolve("whoami"), "s");
    startServer();
  }

  @AfterAll
  static void removeHosts() {
    processes.forEach(Process::destroyForcibly);
    for (String ns : List.of(CLIENT, SERVER)) {
      run(List.of("ip", "netns", "del", ns));
    }
  }

  private static void startServer() throws Exception {
    server =
        start(
            SERVER,
            List.of(
                "/usr/bin/python3",
                "-m",
                "http.server",
                "8000",
                "--bind",
                "10.251.0.21",
                "--directory",
                dir.toString()),
            dir.resolve("server.log"));
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!curl("http://" + RS + "/whoami").equals("s")) {
      assertThat(System.nanoTime()).as("server answers within 20 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static Process sealer(Path log, String... args) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(new SealerProcess(dir.resolve("root")).launcher().toString());
    argv.addAll(List.of(args));
    return start(CLIENT, argv, log);
  }

  private static Process start(String ns, List<String> argv, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    command.addAll(argv);
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(p);
    return p;
  }

  private static String curl(String url) {
    return run(List.of("ip", "netns", "exec", CLIENT, "curl", "-s", "--max-time", "2", url));
  }

  private static boolean tableExists() {
    return run(List.of("ip", "netns", "exec", CLIENT, "nft", "list", "tables")).contains(TABLE);
  }

  private static int finish(Process p) throws InterruptedException {
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sealer ends").isTrue();
    return p.exitValue();
  }

  private static void waitForLog(Path log, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.readString(log, StandardCharsets.UTF_8).contains(text)) {
      assertThat(System.nanoTime())
          .as("'" + text + "' within 30 s in:\n" + Files.readString(log))
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @Test
  void runOnceAppliesAndCleanRemoves() throws Exception {
    Path log = dir.resolve("run-once.log");
    Process once =
        sealer(
            log, "ipvs", "care", "--vs", VIP, "--rs", RS, "--health-schem", "http", "--run-once");
    assertThat(finish(once)).as(Files.readString(log)).isZero();
    assertThat(Files.readString(log)).contains("using the nftables backend");
    assertThat(tableExists()).isTrue();
    assertThat(curl("http://" + VIP + "/whoami")).isEqualTo("s");

    Path cleanLog = dir.resolve("clean.log");
    assertThat(finish(sealer(cleanLog, "ipvs", "care", "--vs", VIP, "--run-once", "--clean")))
        .as(Files.readString(cleanLog))
        .isZero();
    assertThat(tableExists()).isFalse();
    assertThat(curl("http://" + VIP + "/whoami")).isEmpty();
  }

  @Test
  void careFollowsTheServerAndSigtermWithCleanRemovesEverything() throws Exception {
    Path log = dir.resolve("care.log");
    Process care =
        sealer(
            log,
            "ipvs",
            "care",
            "--vs",
            VIP,
            "--rs",
            RS,
            "--health-schem",
            "http",
            "--health-path",
            "/whoami",
            "--interval",
            "1",
            "--clean");
    waitForLog(log, "caring for " + VIP);
    assertThat(curl("http://" + VIP + "/whoami")).isEqualTo("s");

    server.destroy();
    server.waitFor(10, TimeUnit.SECONDS);
    waitForLog(log, "removed " + RS + " from " + VIP + ": unhealthy (connection refused)");
    startServer();
    waitForLog(log, "added " + RS + " back to " + VIP + ": healthy (HTTP 200)");
    assertThat(curl("http://" + VIP + "/whoami")).isEqualTo("s");

    care.destroy(); // SIGTERM through the launcher, which execs java
    finish(care);
    assertThat(Files.readString(log)).contains("removed the VIP 10.251.0.200 from lo");
    assertThat(tableExists()).isFalse();
  }

  private static void sh(String command) {
    String out = run(List.of("sh", "-c", command + " && echo ok"));
    assertThat(out).as(command).endsWith("ok\n");
  }

  private static String run(List<String> argv) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return out;
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
