package io.sealer.infra;

import io.sealer.api.SealerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The files of one local environment, in {@code <root>/infra/<name>}:
 *
 * <pre>
 * .sealer-infra        marker: name and subnet (nothing else is ever removed by down)
 * root-password        0600, the hosts' root password
 * id_ed25519(.pub)     the client key authorized on every host
 * known_hosts          every host key of every host, for strict checking
 * ssh_config           for {@code ssh -F ssh_config <host>}
 * host-init.sh         PID 1 of each host
 * hosts/&lt;host&gt;/       upper, work, plain/, root (mount point), ssh/ (host keys), init.*
 * </pre>
 */
final class LocalState {
  static final String MARKER = ".sealer-infra";
  private static final String ALPHABET =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private final Path dir;

  LocalState(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /** What the marker records. */
  record Recorded(String name, Ipv4Cidr subnet) {}

  Path dir() {
    return dir;
  }

  Path hostDir(String host) {
    return dir.resolve("hosts").resolve(host);
  }

  Path passwordFile() {
    return dir.resolve("root-password");
  }

  Path privateKey() {
    return dir.resolve("id_ed25519");
  }

  Path knownHosts() {
    return dir.resolve("known_hosts");
  }

  Path sshConfig() {
    return dir.resolve("ssh_config");
  }

  Path initScript() {
    return dir.resolve("host-init.sh");
  }

  /** The marker's content, or empty if this directory holds no environment. */
  Optional<Recorded> read() {
    Path marker = dir.resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      return Optional.empty();
    }
    try {
      Properties props = new Properties();
      props.load(new StringReader(Files.readString(marker)));
      return Optional.of(
          new Recorded(props.getProperty("name", ""), Ipv4Cidr.parse(props.getProperty("subnet"))));
    } catch (IOException | RuntimeException e) {
      throw new SealerException("could not read " + marker + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the directory (0700) with marker, password, key pair and init script; keeps what is
   * already there.
   *
   * @throws SealerException if the directory belongs to something else or is on overlayfs
   */
  void create(String name, Ipv4Cidr subnet, Tools tools) throws IOException {
    checkUsable(name);
    Files.createDirectories(dir.getParent());
    if (!Files.isDirectory(dir)) {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Files.createDirectories(dir.resolve("hosts"));
    StateFiles.writeAtomically(
        dir.resolve(MARKER), "name=" + name + "\nsubnet=" + subnet + "\n", "rw-r--r--");
    if (!Files.isRegularFile(passwordFile())) {
      StateFiles.writeAtomically(passwordFile(), newPassword() + "\n", "rw-------");
    }
    if (!Files.isRegularFile(privateKey())) {
      Files.deleteIfExists(dir.resolve("id_ed25519.pub"));
      Exec.check(
          "make the client key of environment " + name,
          List.of(
              tools.path("ssh-keygen"),
              "-q",
              "-t",
              "ed25519",
              "-N",
              "",
              "-C",
              "sealer-infra-" + name,
              "-f",
              privateKey().toString()),
          null);
    }
    try (InputStream in = LocalState.class.getResourceAsStream("host-init.sh")) {
      if (in == null) {
        throw new IllegalStateException("host-init.sh missing from the sealer-infra jar");
      }
      StateFiles.writeAtomically(
          initScript(), new String(in.readAllBytes(), StandardCharsets.UTF_8), "rwx------");
    }
  }

  /** The root password. */
  String password() {
    try {
      return Files.readString(passwordFile()).strip();
    } catch (IOException e) {
      throw new SealerException("could not read " + passwordFile() + ": " + e.getMessage(), e);
    }
  }

  /** The public half of the client key, one authorized_keys line. */
  String publicKey() throws IOException {
    return Files.readString(dir.resolve("id_ed25519.pub")).strip();
  }

  /** Host directories present, by index. */
  TreeMap<Integer, String> hosts(LocalNames names) throws IOException {
    TreeMap<Integer, String> found = new TreeMap<>();
    Path hosts = dir.resolve("hosts");
    if (!Files.isDirectory(hosts)) {
      return found;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(hosts)) {
      for (Path entry : entries) {
        String host = entry.getFileName().toString();
        names.hostIndex(host).ifPresent(i -> found.put(i, host));
      }
    }
    return found;
  }

  /** Writes known_hosts and ssh_config for the given hosts (name, address, key lines). */
  void writeClientFiles(List<LocalHost> hosts) throws IOException {
    StringBuilder known = new StringBuilder();
    StringBuilder config = new StringBuilder("# written by sealer's local infra provider\n");
    for (LocalHost host : hosts) {
      for (String key : host.hostKeys()) {
        known.append(host.address()).append(',').append(host.name()).append(' ').append(key);
        known.append('\n');
      }
      config
          .append("Host ")
          .append(host.name())
          .append(' ')
          .append(host.address())
          .append("\n  HostName ")
          .append(host.address())
          .append("\n  User root\n  IdentityFile ")
          .append(privateKey())
          .append("\n  IdentitiesOnly yes\n  UserKnownHostsFile ")
          .append(knownHosts())
          .append("\n  StrictHostKeyChecking yes\n  LogLevel ERROR\n");
    }
    StateFiles.writeAtomically(knownHosts(), known.toString(), "rw-r--r--");
    StateFiles.writeAtomically(sshConfig(), config.toString(), "rw-r--r--");
  }

  /** Removes the whole directory; refuses if anything is mounted below it. */
  void delete() throws IOException {
    if (StateFiles.hasMountsBelow(dir)) {
      throw new SealerException(
          "could not remove " + dir + ": something is still mounted below it");
    }
    StateFiles.deleteTree(dir);
  }

  /**
   * Refuses a directory on overlayfs, or one that holds files but no environment.
   *
   * @throws SealerException saying why
   */
  void checkUsable(String name) throws IOException {
    checkFileSystem();
    if (Files.isDirectory(dir) && read().isEmpty() && !isEmpty(dir)) {
      throw new SealerException(
          "could not use " + dir + " for environment " + name + ": it holds other files");
    }
  }

  private void checkFileSystem() throws IOException {
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && "overlay".equals(Files.getFileStore(existing).type())) {
      throw new SealerException(
          "could not use "
              + dir
              + " for local hosts: it is on overlayfs, which cannot hold the hosts' own layers;"
              + " choose a root on another file system (--root)");
    }
  }

  private static boolean isEmpty(Path d) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(d)) {
      return !entries.iterator().hasNext();
    }
  }

  private static String newPassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }
}
