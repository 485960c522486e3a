package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import io.sealer.api.ParseException;
import io.sealer.api.cluster.Host;
import io.sealer.api.cluster.IpList;
import io.sealer.api.cluster.Ssh;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sealer's host flags: {@code -m}, {@code -n} and how to log in to them. */
final class HostFlags {
  /** The environment variable that may hold the SSH password instead of {@code -p}. */
  static final String PASSWORD_ENV = "SEALER_SSH_PASSWORD";

  @Parameter(
      names = {"-m", "--masters"},
      description = "Master IPs: a,b,c or a range 10.0.0.2-10.0.0.4")
  String masters;

  @Parameter(
      names = {"-n", "--nodes"},
      description = "Node IPs: a,b,c or a range 10.0.0.5-10.0.0.9")
  String nodes;

  @Parameter(
      names = {"-u", "--user"},
      description = "SSH user; a user other than root runs commands through sudo")
  String user = "root";

  @Parameter(
      names = {"-p", "--passwd"},
      description =
          "SSH password (shows in this machine's process list: prefer env "
              + PASSWORD_ENV
              + " or a key)",
      password = false)
  String password;

  @Parameter(names = "--port", description = "SSH port")
  int port = 22;

  @Parameter(
      names = "--pk",
      description = "SSH private key file (default ~/.ssh/id_rsa if it exists)")
  String privateKey;

  @Parameter(names = "--pk-passwd", description = "Passphrase of the private key")
  String privateKeyPassphrase;

  /** Whether any host was given. */
  boolean any() {
    return (masters != null && !masters.isBlank()) || (nodes != null && !nodes.isBlank());
  }

  /** The host groups: masters with role master, nodes with role node. */
  List<Host> hosts() {
    List<Host> hosts = new ArrayList<>();
    if (masters != null && !masters.isBlank()) {
      hosts.add(
          new Host(ips(masters, "-m"), List.of(Host.MASTER), null, List.of(), Map.of(), List.of()));
    }
    if (nodes != null && !nodes.isBlank()) {
      hosts.add(
          new Host(ips(nodes, "-n"), List.of(Host.NODE), null, List.of(), Map.of(), List.of()));
    }
    return hosts;
  }

  /** The SSH settings of the flags ({@code -p}, else {@value #PASSWORD_ENV}). */
  Ssh ssh(CommandContext context) {
    if (port < 1 || port > 65535) {
      throw new ParameterException("--port must be between 1 and 65535, not " + port);
    }
    String pass = password != null ? password : context.env(PASSWORD_ENV);
    String key = privateKey;
    if (key == null) {
      String home = context.env("HOME");
      java.nio.file.Path guess =
          java.nio.file.Path.of(
              home != null ? home : System.getProperty("user.home"), ".ssh", "id_rsa");
      key = java.nio.file.Files.isReadable(guess) ? guess.toString() : null;
    }
    return new Ssh(user, pass, key, privateKeyPassphrase, String.valueOf(port), false);
  }

  private static List<String> ips(String text, String flag) {
    try {
      return IpList.parse(text);
    } catch (ParseException | IllegalArgumentException e) {
      throw new ParameterException("invalid " + flag + " '" + text + "': " + e.getMessage());
    }
  }
}
