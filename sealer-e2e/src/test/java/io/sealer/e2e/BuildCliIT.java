package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sealer build} of the packaged CLI: Sealer's build scenarios (spec 9.2) and failures. */
class BuildCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  Path context(String kubefile) throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Kubefile"), kubefile);
    return ctx;
  }

  SealerProcess sealer() {
    return new SealerProcess(tmp.resolve("root"));
  }

  JsonNode inspect(String name) throws Exception {
    SealerProcess.Result r = sealer().run("inspect", name);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  @Test
  void buildWithCmds() throws Exception {
    Path ctx =
        context(
            "FROM scratch\nCOPY app.yaml manifests/\nCOPY imageList manifests/\n"
                + "CMDS [\"kubectl apply -f manifests/app.yaml\"]\n");
    Files.writeString(ctx.resolve("app.yaml"), "kind: ConfigMap\n");
    Files.writeString(ctx.resolve("imageList"), "");
    SealerProcess.Result r =
        sealer().run("build", "-t", "cmds:v1", "--build-mode", "lite", ctx.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("STEP 2/4: COPY app.yaml manifests/");
    JsonNode ext = inspect("cmds:v1").path("imageExtension");
    assertThat(ext.path("launch").path("cmds").toString())
        .isEqualTo("[\"kubectl apply -f manifests/app.yaml\"]");
    assertThat(ext.path("type").asText()).isEqualTo("kube-installer");
    assertThat(ext.path("schemaVersion").asText()).isEqualTo("v1alpha1");

    SealerProcess.Result again =
        sealer().run("build", "-t", "cmds:v1", "--build-mode", "lite", ctx.toString());
    assertThat(again.err()).contains("Using cache");
    assertThat(sealer().run("rmi", "cmds:v1").exitCode()).isZero();
  }

  @Test
  void buildWithLaunchAndAppCmdsAsAppInstaller() throws Exception {
    Path ctx =
        context(
            "FROM scratch\nAPP myapp local://app.yaml\nAPP other local://run\n"
                + "APPCMDS other [\"sh\", \"go.sh\"]\nLAUNCH [\"myapp\", \"other\"]\n");
    Files.writeString(ctx.resolve("app.yaml"), "kind: ConfigMap\n");
    Files.createDirectories(ctx.resolve("run"));
    Files.writeString(ctx.resolve("run/go.sh"), "echo hi\n");
    Files.writeString(ctx.resolve("run/notes.txt"), "x\n");
    SealerProcess.Result r =
        sealer()
            .run(
                "build",
                "-f",
                ctx.resolve("Kubefile").toString(),
                "-t",
                "apps:v1",
                "--type",
                "app-installer",
                "--build-mode",
                "lite",
                "--label",
                "team=edge",
                ctx.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode ext = inspect("apps:v1").path("imageExtension");
    assertThat(ext.path("type").asText()).isEqualTo("app-installer");
    // an undetected type is "" in Sealer's struct and omitted from the JSON (omitempty)
    assertThat(ext.path("applications").toString())
        .isEqualTo(
            "[{\"name\":\"myapp\",\"type\":\"kube\",\"files\":[\"app.yaml\"],\"version\":\"v1\"},"
                + "{\"name\":\"other\",\"version\":\"v1\",\"cmds\":[\"sh\",\"go.sh\"]}]");
    assertThat(ext.path("launch").path("app_names").toString()).isEqualTo("[\"myapp\",\"other\"]");
    assertThat(ext.path("labels").path("team").asText()).isEqualTo("edge");
  }

  @Test
  void multiArchCopiesThePlatformsDirectory() throws Exception {
    Path ctx = context("FROM scratch\nCOPY ${ARCH}/bin bin\nCMDS [\"bin/tool\"]\n");
    for (String arch : new String[] {"amd64", "arm64"}) {
      Files.createDirectories(ctx.resolve(arch + "/bin"));
      Files.writeString(ctx.resolve(arch + "/bin/tool"), arch);
    }
    SealerProcess.Result r =
        sealer()
            .run(
                "build",
                "-t",
                "multi:arm",
                "--platform",
                "linux/arm64",
                "--build-mode",
                "lite",
                ctx.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(inspect("multi:arm").path("ociv1").path("architecture").asText()).isEqualTo("arm64");

    SealerProcess.Result both =
        sealer()
            .run(
                "build",
                "-t",
                "multi:all",
                "--platform",
                "linux/amd64,linux/arm64",
                "--build-mode",
                "lite",
                ctx.toString());
    assertThat(both.exitCode()).as(both.err()).isZero();
    for (String arch : new String[] {"amd64", "arm64"}) {
      SealerProcess.Result r2 = sealer().run("inspect", "--platform", "linux/" + arch, "multi:all");
      assertThat(r2.exitCode()).as(r2.err()).isZero();
      assertThat(JSON.readTree(r2.out()).path("ociv1").path("architecture").asText())
          .isEqualTo(arch);
    }
    SealerProcess.Result absent =
        sealer().run("inspect", "--platform", "linux/riscv64", "multi:all");
    assertThat(absent.exitCode()).isEqualTo(1);
    assertThat(absent.err().strip())
        .isEqualTo(
            "sealer: image localhost/multi:all has no linux/riscv64 variant;"
                + " it has linux/amd64, linux/arm64");
    SealerProcess.Result single = sealer().run("inspect", "--platform", "linux/amd64", "multi:arm");
    assertThat(single.exitCode()).isEqualTo(1);
    assertThat(single.err().strip())
        .isEqualTo(
            "sealer: image localhost/multi:arm has no linux/amd64 variant; it has linux/arm64");
  }

  @Test
  void inspectShowsCniLabelsAggregatedAsSealerDoes() throws Exception {
    Path ctx = context("FROM scratch\nCNI flannel local://cni/flannel.yaml\n");
    Files.createDirectories(ctx.resolve("cni"));
    Files.writeString(ctx.resolve("cni/flannel.yaml"), "kind: DaemonSet\n");
    SealerProcess.Result r =
        sealer().run("build", "-t", "cni:v1", "--build-mode", "lite", ctx.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode labels = inspect("cni:v1").path("imageExtension").path("labels");
    assertThat(labels.path("cluster.alpha.sealer.io/kube-cni").asText()).isEqualTo("[\"flannel\"]");
    assertThat(labels.has("cluster.alpha.sealer.io/kube-cni-flannel")).isFalse();
  }

  @Test
  void aKubefileErrorExitsOneWithItsLine() throws Exception {
    Path ctx = context("FROM scratch\nWORKDIR /x\n");
    SealerProcess.Result r = sealer().run("build", "-t", "bad:v1", ctx.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("sealer: Kubefile:2: ");
    assertThat(sealer().run("images", "-q").out()).isBlank();
  }

  @Test
  void aFailingRunLeavesNoImage() throws Exception {
    Path ctx = context("FROM scratch\nRUN echo broken-step >&2; exit 7\n");
    SealerProcess.Result r =
        sealer().run("build", "-t", "bad:v1", "--build-mode", "lite", ctx.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Kubefile:2").contains("status 7").contains("broken-step");
    assertThat(sealer().run("images", "-q").out()).isBlank();
  }

  @Test
  void aMissingCopySourceIsNamed() throws Exception {
    Path ctx = context("FROM scratch\nCOPY missing.yaml manifests/\n");
    SealerProcess.Result r = sealer().run("build", "-t", "bad:v1", ctx.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("Kubefile:2").contains("missing.yaml");
    assertThat(sealer().run("images", "-q").out()).isBlank();
  }

  @Test
  void helpHasExamplesAndATagIsRequired() throws Exception {
    SealerProcess.Result help = sealer().run("build", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out() + help.err()).contains("sealer build -t my-cluster:v1 .");
    assertThat(sealer().run("build", tmp.toString()).exitCode()).isEqualTo(2);
  }
}
