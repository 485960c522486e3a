package io.sealer.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code docker-registry} on a free loopback port for the CLI to talk to: plain HTTP, or
 * {@link #startSecured secured} with htpasswd logins and TLS from a CA of its own.
 */
final class LocalRegistry implements AutoCloseable {
  static final String USER = "e2e-user";
  static final String PASSWORD = "e2e-Pa55word";

  private final Process process;
  private final int port;
  private final Path dir;

  private LocalRegistry(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Starts one storing under {@code dir}; fails if {@code docker-registry} is not installed. */
  static LocalRegistry start(Path dir) throws Exception {
    return start(dir, "");
  }

  /**
   * Starts one that serves TLS with a certificate for 127.0.0.1 signed by {@link #caCert()} and
   * accepts only {@link #USER}/{@link #PASSWORD} (htpasswd, bcrypt).
   */
  static LocalRegistry startSecured(Path dir) throws Exception {
    Files.createDirectories(dir);
    Pki.generate(dir);
    run(dir, "htpasswd", "-Bbc", dir.resolve("htpasswd").toString(), USER, PASSWORD);
    return start(
        dir,
        "  tls: {certificate: "
            + dir.resolve("server.crt")
            + ", key: "
            + dir.resolve("server.key")
            + "}\n"
            + "auth:\n  htpasswd: {realm: e2e, path: "
            + dir.resolve("htpasswd")
            + "}\n");
  }

  private static LocalRegistry start(Path dir, String extraConfig) throws Exception {
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
            + "\n"
            + extraConfig);
    Process p =
        new ProcessBuilder(binary.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("log").toFile())
            .start();
    LocalRegistry registry = new LocalRegistry(p, port, dir);
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

  /** The CA that signed a secured registry's certificate. */
  Path caCert() {
    return dir.resolve("ca.crt");
  }

  static void run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (scripts/install-deps.sh installs it): " + out);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
