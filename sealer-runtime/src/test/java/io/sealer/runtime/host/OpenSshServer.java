package io.sealer.runtime.host;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real OpenSSH {@code sshd} on 127.0.0.1 and a free port, for integration tests (needs root). It
 * has its own config, host key and authorized_keys under a temporary directory, and runs in its own
 * mount namespace where {@code /etc/shadow} is a copy giving root a known test password and {@code
 * /root} an empty directory (so this machine's own shell start-up files do not slow every command),
 * so the machine's accounts are never touched. {@link #close()} stops it and every session it
 * started.
 */
final class OpenSshServer implements AutoCloseable {
  private final Path dir;
  private final Process process;
  private final int port;

  private OpenSshServer(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  static boolean available() {
    return Files.isExecutable(Path.of("/usr/sbin/sshd"))
        && Files.isExecutable(Path.of("/usr/bin/unshare"))
        && "root".equals(System.getProperty("user.name"));
  }

  /** Starts sshd accepting {@code rootPassword} and the keys in {@code authorizedKeys}. */
  static OpenSshServer start(Path dir, String rootPassword, List<Path> authorizedKeys)
      throws Exception {
    Files.createDirectories(Path.of("/run/sshd"));
    run(
        dir,
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-f",
        dir.resolve("host_key").toString());
    StringBuilder keys = new StringBuilder();
    for (Path key : authorizedKeys) {
      keys.append(Files.readString(key).strip()).append('\n');
    }
    Files.writeString(dir.resolve("authorized_keys"), keys);
    Process hasher =
        new ProcessBuilder("openssl", "passwd", "-6", "-stdin").redirectErrorStream(true).start();
    hasher.getOutputStream().write((rootPassword + "\n").getBytes(StandardCharsets.UTF_8));
    hasher.getOutputStream().close();
    String hash =
        new String(hasher.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (hasher.waitFor() != 0) {
      throw new IllegalStateException("openssl passwd failed: " + hash);
    }
    long today = System.currentTimeMillis() / 86_400_000L;
    String shadow =
        Files.readAllLines(Path.of("/etc/shadow")).stream()
            .map(
                line ->
                    line.startsWith("root:")
                        ? "root:" + hash + ":" + today + ":0:99999:7:::"
                        : line)
            .collect(Collectors.joining("\n", "", "\n"));
    Path shadowCopy = dir.resolve("shadow");
    Files.writeString(shadowCopy, shadow);
    int port;
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = socket.getLocalPort();
    }
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + dir.resolve("host_key"),
            "PidFile " + dir.resolve("sshd.pid"),
            "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
            "PermitRootLogin yes",
            "PasswordAuthentication yes",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "UsePAM no",
            "StrictModes no",
            "MaxStartups 50",
            "MaxSessions 20",
            ""));
    Process process =
        new ProcessBuilder(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "/bin/sh",
                "-c",
                "mount --bind \"$0\" /etc/shadow && mount --bind \"$2\" /root"
                    + " && exec /usr/sbin/sshd -D -e -f \"$1\"",
                shadowCopy.toString(),
                config.toString(),
                Files.createDirectories(dir.resolve("root-home")).toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    OpenSshServer server = new OpenSshServer(dir, process, port);
    try {
      server.awaitListening();
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  int port() {
    return port;
  }

  String log() throws IOException {
    return Files.readString(dir.resolve("sshd.log"));
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("sshd exited: " + log());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("sshd did not listen on " + port + ": " + log());
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
  }

  @Override
  public void close() {
    List<ProcessHandle> all = process.descendants().collect(Collectors.toList());
    process.destroy();
    all.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    all.forEach(ProcessHandle::destroyForcibly);
  }
}
