package io.sealer.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real {@code docker-registry} on a free loopback port (plain HTTP), for the CLI to talk to. */
final class LocalRegistry implements AutoCloseable {
  private final Process process;
  private final int port;

  private LocalRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts one storing under {@code dir}; fails if {@code docker-registry} is not installed. */
  static LocalRegistry start(Path dir) throws Exception {
    Path binary = Path.of("/usr/bin/docker-registry");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "docker-registry is missing: apt-get install docker-registry (scripts/install-deps.sh)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.createDirectories(dir.resolve("data"));
    Path config = dir.resolve("config.yml");
    Files.writeString(
        config,
        "version: 0.1\n"
            + "log: {level: error}\n"
            + "storage:\n"
            + "  filesystem: {rootdirectory: "
            + dir.resolve("data")
            + "}\n"
            + "  maintenance: {uploadpurging: {enabled: false}}\n"
            + "http:\n"
            + "  addr: 127.0.0.1:"
            + port
            + "\n"
            + "  secret: e2e-"
            + port
            + "\n");
    Process p =
        new ProcessBuilder(binary.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    LocalRegistry registry = new LocalRegistry(p, port);
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return registry;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    registry.close();
    throw new IllegalStateException(
        "docker-registry did not start: " + Files.readString(dir.resolve("log")));
  }

  /** {@code 127.0.0.1:<port>}. */
  String host() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
