package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged distribution behaves as the README says, started as a real process. */
class DistributionIT {
  @TempDir Path root;

  @Test
  void versionReportsTheBuild() throws Exception {
    SealerProcess.Result r = new SealerProcess(root).run("version", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
    assertThat(json.get("gitCommit").asText()).matches("[0-9a-f]{7,40}|unknown");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void launcherWorksThroughASymlinkOnThePath() throws Exception {
    SealerProcess sealer = new SealerProcess(root);
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("sealer"), sealer.launcher());
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", "sealer --help");
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(output).isZero();
    assertThat(output).contains("Commands:").contains("version");
  }

  @Test
  void badUsageExitsTwoWithOneLine() throws Exception {
    SealerProcess.Result r = new SealerProcess(root).run("no-such-command");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip())
        .isEqualTo("sealer: unknown command no-such-command (see 'sealer --help')");
  }

  @Test
  void missingJavaIsExplained() throws Exception {
    SealerProcess sealer = new SealerProcess(root);
    Path tools = Files.createDirectories(root.resolve("tools-without-java"));
    for (String tool : new String[] {"dirname", "readlink", "cat"}) {
      Files.createSymbolicLink(tools.resolve(tool), Path.of("/usr/bin", tool));
    }
    SealerProcess.Result r =
        sealer.run(Map.of("JAVA_HOME", "/nonexistent", "PATH", tools.toString()), "version");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no Java found");
  }
}
