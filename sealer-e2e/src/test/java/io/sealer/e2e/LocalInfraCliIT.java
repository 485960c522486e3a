package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    SealerProcess.Result up =
        sealer.run(
            "alpha", "infra", "up", "--hosts", "2", "--name", "sit", "--subnet", "10.250.0.0/24");
    assertThat(up.exitCode()).as(up.err()).isZero();
    assertThat(up.out()).isEqualTo("sit-1 10.250.0.11\nsit-2 10.250.0.12\n");

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

    SealerProcess.Result down = sealer.run("alpha", "infra", "down", "--name", "sit");
    assertThat(down.exitCode()).as(down.err()).isZero();
    assertThat(Path.of("/sys/class/net/sit-br")).doesNotExist();
    assertThat(sealer.run("alpha", "infra", "list", "--name", "sit").exitCode()).isEqualTo(1);
  }

  private static boolean isRoot() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
  }
}
