package io.sealer.infra;

import io.sealer.api.SealerException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One local host: its files under {@code hosts/<name>/}, its PID 1 (host-init.sh, daemonised in the
 * host's namespaces) and its health (PID 1 alive and sshd answering on port 22).
 */
final class LocalHost {
  /**
   * Directories that are plain per-host directories bound over the overlay: they start empty, and
   * anything that makes overlay mounts of its own (image layers, containerd) can use them.
   */
  static final List<String> PLAIN_DIRS =
      List.of(
          "/tmp",
          "/var/tmp",
          "/root",
          "/home",
          "/opt",
          "/srv",
          "/mnt",
          "/usr/local/bin",
          "/var/lib/sealer",
          "/var/lib/etcd",
          "/var/lib/kubelet",
          "/var/lib/containerd",
          "/var/lib/docker",
          "/var/lib/containers");

  private static final List<String> KEY_TYPES = List.of("ed25519", "ecdsa");

  private final LocalState state;
  private final Tools tools;
  private final String name;
  private final String address;
  private final String gateway;
  private final Path dir;

  LocalHost(LocalState state, Tools tools, String name, String address, String gateway) {
    this.state = state;
    this.tools = tools;
    this.name = name;
    this.address = address;
    this.gateway = gateway;
    this.dir = state.hostDir(name);
  }

  String name() {
    return name;
  }

  String address() {
    return address;
  }

  /** True if PID 1 is the one we started and sshd answers on the host's address. */
  boolean healthy(LocalNetwork network) {
    return initPid().isPresent() && network.hasNamespace(name) && sshAnswers(address, 1000);
  }

  private OptionalLong initPid() {
    return Processes.live(dir.resolve("init.pid"), dir + " ");
  }

  /**
   * Stops PID 1, which takes every process of the host with it; its launcher then exits by itself
   * (and is stopped if it does not).
   */
  void stop() {
    initPid().ifPresent(pid -> Processes.killAll(List.of(pid)));
    Processes.live(dir.resolve("launcher.pid"), dir + " ")
        .ifPresent(pid -> Processes.killAll(List.of(pid)));
  }

  /**
   * Writes the host's files from scratch (its private layers are emptied; its host keys are kept so
   * that clients that recorded them still trust a rebuilt host).
   */
  void prepare(String authorizedKey) throws IOException {
    if (StateFiles.hasMountsBelow(dir)) {
      throw new SealerException("could not make host " + name + ": " + dir + " is still mounted");
    }
    for (String part : List.of("upper", "work", "plain", "root")) {
      StateFiles.deleteTree(dir.resolve(part));
      Files.createDirectories(dir.resolve(part));
    }
    Path keys = dir.resolve("ssh");
    Files.createDirectories(keys);
    for (String type : KEY_TYPES) {
      Path key = keys.resolve("ssh_host_" + type + "_key");
      if (!Files.isRegularFile(key) || !Files.isRegularFile(pub(key))) {
        Files.deleteIfExists(key);
        Files.deleteIfExists(pub(key));
        Exec.check(
            "make the host keys of " + name,
            List.of(
                tools.path("ssh-keygen"),
                "-q",
                "-t",
                type,
                "-N",
                "",
                "-C",
                "root@" + name,
                "-f",
                key.toString()),
            null);
      }
    }
    Path upper = dir.resolve("upper");
    Path etc = upperDir(upper, "etc");
    Path sshDir = upperDir(upper, "etc/ssh");
    for (String type : KEY_TYPES) {
      Path key = keys.resolve("ssh_host_" + type + "_key");
      Files.copy(key, sshDir.resolve(key.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
      Files.copy(
          pub(key), sshDir.resolve(pub(key).getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
    }
    Files.writeString(sshDir.resolve("sshd_config"), sshdConfig());
    Files.writeString(etc.resolve("hostname"), name + "\n");
    Files.writeString(
        etc.resolve("hosts"),
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
            + address
            + "\t"
            + name
            + "\n");
    Files.writeString(
        etc.resolve("resolv.conf"), "# local sealer host: no DNS server\noptions timeout:1\n");
    byte[] id = new byte[16];
    new SecureRandom().nextBytes(id);
    Path machineId = etc.resolve("machine-id");
    Files.writeString(machineId, HexFormat.of().formatHex(id) + "\n");
    Files.setPosixFilePermissions(machineId, PosixFilePermissions.fromString("r--r--r--"));
    writeRootHome(authorizedKey);
  }

  private void writeRootHome(String authorizedKey) throws IOException {
    Path home = dir.resolve("plain/root");
    Files.createDirectories(home);
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    Path skel = Path.of("/etc/skel");
    if (Files.isDirectory(skel)) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(skel)) {
        for (Path file : files) {
          if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(file, home.resolve(file.getFileName()));
          }
        }
      }
    }
    Path ssh = Files.createDirectory(home.resolve(".ssh"));
    Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
    Path keys = ssh.resolve("authorized_keys");
    Files.writeString(keys, authorizedKey + "\n");
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
  }

  /** A directory in the upper layer with the owner and mode of the machine's one below it. */
  private static Path upperDir(Path upper, String relative) throws IOException {
    Path made = upper.resolve(relative);
    Files.createDirectories(made);
    Path lower = Path.of("/").resolve(relative);
    if (Files.isDirectory(lower, LinkOption.NOFOLLOW_LINKS)) {
      PosixFileAttributes attrs = Files.readAttributes(lower, PosixFileAttributes.class);
      PosixFileAttributeView view = Files.getFileAttributeView(made, PosixFileAttributeView.class);
      view.setOwner(attrs.owner());
      view.setGroup(attrs.group());
      view.setPermissions(attrs.permissions());
    }
    return made;
  }

  /** Starts PID 1 in the host's namespaces, detached from this JVM; returns the launcher. */
  Process launch(Ipv4Cidr subnet) throws IOException {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            tools.path("setsid"),
            tools.path("nsenter"),
            "--net=/run/netns/" + name,
            tools.path("unshare"),
            "--pid",
            "--fork",
            "--mount",
            "--uts",
            "--ipc",
            "--propagation",
            "private",
            tools.path("bash"),
            state.initScript().toString(),
            name,
            dir.toString(),
            address + "/" + subnet.prefix(),
            gateway,
            state.passwordFile().toString()));
    command.addAll(PLAIN_DIRS);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", Exec.PATH);
    env.put("HOME", "/root");
    env.put("LANG", "C.UTF-8");
    env.put("SEALER_SSHD", tools.path("sshd"));
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("init.log").toFile()));
    builder.redirectErrorStream(true);
    return builder.start();
  }

  /** Waits until PID 1 has started and sshd answers; fails with the end of the host's log. */
  void awaitReady(Process launcher, long timeoutMillis) throws IOException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    Files.writeString(dir.resolve("launcher.pid"), launcher.pid() + "\n");
    long init = -1;
    while (init < 0) {
      init = launcher.children().mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
      if (init < 0) {
        if (!launcher.isAlive() || System.currentTimeMillis() > deadline) {
          throw failure("its init did not start");
        }
        sleep(5);
      }
    }
    Files.writeString(dir.resolve("init.pid"), init + "\n");
    while (!sshAnswers(address, 500)) {
      if (!Processes.running(init)) {
        throw failure("its init exited");
      }
      if (System.currentTimeMillis() > deadline) {
        throw failure("sshd did not answer on " + address + ":22");
      }
      sleep(10);
    }
  }

  private SealerException failure(String reason) {
    String tail = "";
    try {
      List<String> lines = Files.readAllLines(dir.resolve("init.log"));
      tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      // no log to show
    }
    return new SealerException(
        "could not start host "
            + name
            + " ("
            + address
            + "): "
            + reason
            + (tail.isEmpty() ? "" : "; its log ends: " + tail));
  }

  /** The host's public keys as {@code type base64} known_hosts fields. */
  List<String> hostKeys() throws IOException {
    List<String> keys = new ArrayList<>();
    for (String type : KEY_TYPES) {
      String[] fields =
          Files.readString(pub(dir.resolve("ssh/ssh_host_" + type + "_key"))).strip().split(" ");
      keys.add(fields[0] + " " + fields[1]);
    }
    return keys;
  }

  private static Path pub(Path key) {
    return key.resolveSibling(key.getFileName() + ".pub");
  }

  private String sshdConfig() {
    return "# sshd of local sealer host "
        + name
        + " ("
        + address
        + ")\n"
        + "Port 22\nListenAddress 0.0.0.0\n"
        + "HostKey /etc/ssh/ssh_host_ed25519_key\nHostKey /etc/ssh/ssh_host_ecdsa_key\n"
        + "PidFile /run/sshd.pid\nPermitRootLogin yes\nPasswordAuthentication yes\n"
        + "KbdInteractiveAuthentication yes\nPubkeyAuthentication yes\n"
        + "AuthorizedKeysFile .ssh/authorized_keys\nUsePAM yes\nUseDNS no\nPrintMotd no\n"
        + "PrintLastLog no\nX11Forwarding no\nAllowTcpForwarding yes\nAcceptEnv LANG LC_*\n"
        + "MaxStartups 100:30:200\nMaxSessions 64\nMaxAuthTries 10\n"
        + (Files.isExecutable(Path.of("/usr/lib/openssh/sftp-server"))
            ? "Subsystem sftp /usr/lib/openssh/sftp-server\n"
            : "");
  }

  /** True if something on {@code address}:22 greets like an SSH server. */
  static boolean sshAnswers(String address, int timeoutMillis) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, 22), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      InputStream in = socket.getInputStream();
      byte[] greeting = new byte[4];
      int read = in.readNBytes(greeting, 0, 4);
      return read == 4 && new String(greeting, StandardCharsets.US_ASCII).equals("SSH-");
    } catch (IOException e) {
      return false;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SealerException("could not start local hosts: interrupted", e);
    }
  }
}
