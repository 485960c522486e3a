package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sealer alpha infra} as a user runs it: local hosts made by one sealer process keep running
 * after it exits, answer ssh with the files it wrote, and {@code down} removes them. Root only;
 * uses only the names {@code sit*} and 10.250.0.0/24.
 */
class LocalInfraCliIT {
  @TempDir Path root;

  @AfterEach
  void down() throws Exception {
    if (Files.isDirectory(root)) {
      new SealerProcess(root).run("alpha", "infra", "down", "--name", "sit");
    }
  }

  @Test
  void hostsOutliveTheCommandThatMadeThem() throws Exception {
    assumeTrue(isRoot(), "needs root");
    SealerProcess sealer = new SealerProcess(root);
    // a stale key recorded for an address the provider is about to use (an earlier host there)
    Path home = root.resolve("home");
    Path toolKnownHosts = home.resolve(".sealer/known_hosts");
    Files.createDirectories(toolKnownHosts.getParent());
    Files.writeString(toolKnownHosts, "10.250.0.11 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIStale\n");
    Map<String, String> env = Map.of("HOME", home.toString());
    SealerProcess.Result up =
        sealer.run(
            env,
            "alpha",
            "infra",
            "up",
            "--hosts",
            "2",
            "--name",
            "sit",
            "--subnet",
            "10.250.0.0/24");
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out()).isEqualTo("sit-1 10.250.0.11\nsit-2 10.250.0.12\n");
    // the keys the provider made are the ones trusted for its hosts, the stale one is gone
    String trusted = Files.readString(toolKnownHosts);
    assertThat(trusted).doesNotContain("Stale");
    for (String key : Files.readAllLines(root.resolve("infra/sit/known_hosts"))) {
      if (key.startsWith("10.250.0.11") || key.startsWith("10.250.0.12")) {
        assertThat(trusted).contains(key.strip());
      }
    }

    Path config = root.resolve("infra/sit/ssh_config");
    for (String host : List.of("sit-1", "sit-2")) {
      Process ssh =
          new ProcessBuilder(
                  "ssh", "-F", config.toString(), "-o", "BatchMode=yes", host, "hostname")
              .redirectErrorStream(true)
              .start();
      String out = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(ssh.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(out.strip()).isEqualTo(host);
    }

    SealerProcess.Result list = sealer.run("alpha", "infra", "list", "--name", "sit", "--json");
    assertThat(list.exitCode()).as(list.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(list.out());
    assertThat(json.get("hosts")).hasSize(2);
    assertThat(json.get("hosts").get(1).get("running").asBoolean()).isTrue();
    assertThat(list.out())
        .doesNotContain(Files.readString(root.resolve("infra/sit/root-password")).strip());

    SealerProcess.Result down = sealer.run(env, "alpha", "infra", "down", "--name", "sit");
    assertThat(down.exitCode()).as(down.err()).isZero();
    assertThat(Files.readString(toolKnownHosts)).doesNotContain("10.250.0.1");
    assertThat(Path.of("/sys/class/net/sit-br")).doesNotExist();
    assertThat(sealer.run("alpha", "infra", "list", "--name", "sit").exitCode()).isEqualTo(1);
  }

  @Test
  void anUpKilledHalfWayIsRepairedByTheNextAndDownLeavesNothing() throws Exception {
    assumeTrue(isRoot(), "needs root");
    SealerProcess sealer = new SealerProcess(root);
    ProcessBuilder first =
        new ProcessBuilder(
                sealer.launcher().toString(),
                "alpha",
                "infra",
                "up",
                "--hosts",
                "3",
                "--name",
                "sit",
                "--subnet",
                "10.250.0.0/24")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    first.environment().put("SEALER_ROOT", root.toString());
    Process killed = first.start();
    Path hosts = root.resolve("infra/sit/hosts");
    long deadline = System.currentTimeMillis() + 30_000;
    while (!Files.isDirectory(hosts.resolve("sit-2/upper/etc/ssh"))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    assertThat(killed.isAlive()).as("the first up was still at work when killed").isTrue();
    killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no cleanup of any kind

    SealerProcess.Result up =
        sealer.run(
            "alpha", "infra", "up", "--hosts", "3", "--name", "sit", "--subnet", "10.250.0.0/24");
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out().lines()).hasSize(3);
    SealerProcess.Result list = sealer.run("alpha", "infra", "list", "--name", "sit");
    assertThat(list.out()).contains("sit-3").doesNotContain("stopped");

    assertThat(sealer.run("alpha", "infra", "down", "--name", "sit").exitCode()).isZero();
    assertThat(Files.list(Path.of("/sys/class/net")).map(p -> p.getFileName().toString()))
        .noneMatch(n -> n.startsWith("sit-"));
    assertThat(Path.of("/run/netns/sit-1")).doesNotExist();
    assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(root.toString());
    Process ps = new ProcessBuilder("ps", "-eo", "args").start();
    assertThat(new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .doesNotContain(root.toString());
  }

  private static boolean isRoot() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
  }
}
