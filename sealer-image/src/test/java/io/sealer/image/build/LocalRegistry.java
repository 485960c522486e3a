package io.sealer.image.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Debian's real {@code docker-registry} serving a directory on a free loopback port. */
final class LocalRegistry implements AutoCloseable {
  final int port;
  private final Process process;

  private LocalRegistry(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  static void requireTool(String tool) {
    boolean found = false;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      found |= Files.isExecutable(Path.of(dir, tool));
    }
    assertThat(found)
        .as(tool + " must be on the PATH: apt-get install -y docker-registry skopeo")
        .isTrue();
  }

  static LocalRegistry serve(Path root, Path work) throws Exception {
    return serve(root, work, null);
  }

  /** Serves {@code root}; with an htpasswd file, every request needs basic auth. */
  static LocalRegistry serve(Path root, Path work, Path htpasswd) throws Exception {
    requireTool("docker-registry");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(work);
    Path config = work.resolve("registry-" + port + ".yml");
    Path log = work.resolve("registry-" + port + ".log");
    Files.writeString(
        config,
        "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: "
            + root
            + "\nhttp:\n  addr: 127.0.0.1:"
            + port
            + "\n"
            + (htpasswd == null
                ? ""
                : "auth:\n  htpasswd:\n    realm: test\n    path: " + htpasswd + "\n"));
    Process p =
        new ProcessBuilder("docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalRegistry registry = new LocalRegistry(port, p);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertThat(p.isAlive()).as("docker-registry exited: " + Files.readString(log)).isTrue();
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200 || (htpasswd != null && r.statusCode() == 401)) {
          return registry;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    registry.close();
    throw new AssertionError("docker-registry did not start on port " + port);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
