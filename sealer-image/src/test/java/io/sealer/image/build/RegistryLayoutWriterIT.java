package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealer.api.Digest;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes images with {@link RegistryLayoutWriter}, then serves that directory with Debian's real
 * {@code docker-registry} and reads them back with {@code skopeo}. Needs the Debian packages {@code
 * docker-registry} and {@code skopeo} on the PATH.
 */
class RegistryLayoutWriterIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path work;
  private Process registry;
  private int port;

  @BeforeEach
  void checkTools() {
    for (String tool : List.of("docker-registry", "skopeo")) {
      assertThat(onPath(tool))
          .as(tool + " must be on the PATH: apt-get install -y docker-registry skopeo")
          .isTrue();
    }
  }

  @AfterEach
  void stopRegistry() throws InterruptedException {
    if (registry != null) {
      registry.destroy();
      if (!registry.waitFor(10, TimeUnit.SECONDS)) {
        registry.destroyForcibly();
      }
    }
  }

  @Test
  void aRealRegistryServesWhatTheWriterStored() throws Exception {
    Path root = work.resolve("rootfs/registry");
    RegistryLayoutWriter writer = new RegistryLayoutWriter(root);
    TestImage busybox = TestImage.make("bin/hello", "#!/bin/sh\necho hello\n");
    TestImage pause = TestImage.make("pause", "pause binary stand-in\n");
    Digest busyboxDigest =
        writer.writeImage("library/busybox", "1.36", busybox.manifest(), busybox.sources());
    Digest pauseDigest = writer.writeImage("pause", "3.9", pause.manifest(), pause.sources());
    // a second tag and a second repository sharing the blobs
    writer.tag("library/busybox", "latest", busyboxDigest);
    writer.writeImage("mirror/busybox", "1.36", busybox.manifest(), java.util.Map.of());

    startRegistry(root);

    assertServed("library/busybox:1.36", busybox, busyboxDigest);
    assertServed("library/busybox:latest", busybox, busyboxDigest);
    assertServed("pause:3.9", pause, pauseDigest);
    assertServed("mirror/busybox:1.36", busybox, busyboxDigest);

    // a multi-arch tag: an OCI index whose amd64 entry is cached, its arm64 entry not
    byte[] index =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\""
                + busyboxDigest
                + "\",\"size\":"
                + busybox.manifest().length
                + ",\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}},"
                + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\"sha256:"
                + "0".repeat(64)
                + "\",\"size\":10,\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}}]}")
            .getBytes(StandardCharsets.UTF_8);
    writer.writeIndex("library/busybox", "multi", index);
    String ref = "docker://127.0.0.1:" + port + "/library/busybox:multi";
    assertThat(
            run("skopeo", "inspect", "--raw", "--tls-verify=false", ref)
                .getBytes(StandardCharsets.UTF_8))
        .isEqualTo(index);
    JsonNode resolved =
        MAPPER.readTree(
            run(
                "skopeo",
                "--override-arch",
                "amd64",
                "--override-os",
                "linux",
                "inspect",
                "--tls-verify=false",
                ref));
    assertThat(resolved.path("Layers").get(0).asText()).isEqualTo(busybox.layerDigest().toString());

    Path copy = work.resolve("copy");
    run(
        "skopeo",
        "--insecure-policy",
        "copy",
        "--src-tls-verify=false",
        "docker://127.0.0.1:" + port + "/library/busybox:1.36",
        "dir:" + copy);
    assertThat(Files.readAllBytes(copy.resolve(busybox.layerDigest().hex())))
        .isEqualTo(busybox.blobs().get(busybox.layerDigest()));
    assertThat(Files.readAllBytes(copy.resolve(busybox.configDigest().hex())))
        .isEqualTo(busybox.blobs().get(busybox.configDigest()));
    assertThat(Files.readAllBytes(copy.resolve("manifest.json"))).isEqualTo(busybox.manifest());

    String tags =
        run(
            "skopeo",
            "list-tags",
            "--tls-verify=false",
            "docker://127.0.0.1:" + port + "/library/busybox");
    assertThat(MAPPER.readTree(tags).path("Tags").toString()).contains("1.36", "latest");
  }

  private void assertServed(String repoTag, TestImage image, Digest digest) throws Exception {
    String ref = "docker://127.0.0.1:" + port + "/" + repoTag;
    JsonNode inspect = MAPPER.readTree(run("skopeo", "inspect", "--tls-verify=false", ref));
    assertThat(inspect.path("Digest").asText()).as(repoTag).isEqualTo(digest.toString());
    assertThat(inspect.path("Layers").get(0).asText()).isEqualTo(image.layerDigest().toString());
    String raw = run("skopeo", "inspect", "--raw", "--tls-verify=false", ref);
    assertThat(raw.getBytes(StandardCharsets.UTF_8)).isEqualTo(image.manifest());
  }

  private void startRegistry(Path root) throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = work.resolve("config.yml");
    Files.writeString(
        config,
        "version: 0.1\n"
            + "log:\n  level: warn\n"
            + "storage:\n  filesystem:\n    rootdirectory: "
            + root
            + "\n"
            + "http:\n  addr: 127.0.0.1:"
            + port
            + "\n");
    registry =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("registry.log").toFile())
            .start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertThat(registry.isAlive())
          .as("docker-registry exited: " + Files.readString(work.resolve("registry.log")))
          .isTrue();
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("docker-registry did not start on port " + port);
  }

  private static String run(String... command) throws Exception {
    List<String> cmd = new ArrayList<>(Arrays.asList(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
    byte[] err;
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue())
        .as(String.join(" ", cmd) + ": " + new String(err, StandardCharsets.UTF_8))
        .isZero();
    return out;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
