package io.sealer.ipvs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test fixture: network namespaces named {@code lvt-*} on a bridge {@code lvt-br}, addresses in
 * 10.251.0.0/24 only. {@link #destroy} removes what it made, also what an earlier aborted run left
 * behind, and never fails.
 */
final class LabNetwork {
  static final String BRIDGE = "lvt-br";
  static final String PREFIX = "lvt-";

  /** True if this process may create namespaces and nftables is installed. */
  static boolean available() {
    return "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/sbin/nft"))
        && Files.isExecutable(Path.of("/usr/bin/curl"))
        && Files.isExecutable(Path.of("/usr/bin/python3"));
  }

  void createBridge() {
    sh("ip link add " + BRIDGE + " type bridge && ip link set " + BRIDGE + " up");
  }

  /** A namespace {@code lvt-<name>} with eth0 at {@code ip}/24 on the bridge and lo up. */
  void addHost(String name, String ip) {
    String ns = PREFIX + name;
    String hostSide = PREFIX + name + "-h";
    sh(
        String.join(
            " && ",
            "ip netns add " + ns,
            "ip link add " + hostSide + " type veth peer name " + PREFIX + name + "-n",
            "ip link set " + PREFIX + name + "-n netns " + ns,
            "ip -n " + ns + " link set " + PREFIX + name + "-n name eth0",
            "ip link set " + hostSide + " master " + BRIDGE,
            "ip link set " + hostSide + " up",
            "ip -n " + ns + " addr add " + ip + "/24 dev eth0",
            "ip -n " + ns + " link set eth0 up",
            "ip -n " + ns + " link set lo up"));
  }

  /**
   * A namespace {@code lvt-<name>} behind {@code lvt-<router>} (like a pod behind its node): a veth
   * pair with {@code routerIp}/30 and {@code ip}/30, a default route through the router, and
   * forwarding on in the router.
   */
  void addHostBehind(String name, String ip, String router, String routerIp) {
    String ns = PREFIX + name;
    String routerNs = PREFIX + router;
    sh(
        String.join(
            " && ",
            "ip netns add " + ns,
            "ip link add "
                + PREFIX
                + name
                + "-r netns "
                + routerNs
                + " type veth peer name "
                + PREFIX
                + name
                + "-n netns "
                + ns,
            "ip -n " + routerNs + " addr add " + routerIp + "/30 dev " + PREFIX + name + "-r",
            "ip -n " + routerNs + " link set " + PREFIX + name + "-r up",
            "ip -n " + ns + " addr add " + ip + "/30 dev " + PREFIX + name + "-n",
            "ip -n " + ns + " link set " + PREFIX + name + "-n up",
            "ip -n " + ns + " link set lo up",
            "ip -n " + ns + " route add default via " + routerIp,
            "ip netns exec " + routerNs + " sysctl -q -w net.ipv4.ip_forward=1"));
  }

  /**
   * Runs a shell command in namespace {@code lvt-<name>} and returns its stdout (status ignored).
   */
  static String in(String name, String command) {
    return run(List.of("ip", "netns", "exec", PREFIX + name, "sh", "-c", command), false);
  }

  /**
   * Starts a process in namespace {@code lvt-<name>}; {@code ip netns exec} execs, so the PID is
   * its.
   */
  static Process start(String name, List<String> argv, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", PREFIX + name));
    command.addAll(argv);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /**
   * Removes the namespaces of {@code names} (also left by an earlier aborted run) and the bridge;
   * veth pairs go with their namespace.
   */
  void destroy(String... names) {
    for (String name : names) {
      run(List.of("ip", "netns", "del", PREFIX + name), false);
    }
    run(List.of("ip", "link", "del", BRIDGE), false);
  }

  private static void sh(String command) {
    run(List.of("sh", "-c", command), true);
  }

  private static String run(List<String> argv, boolean check) {
    try {
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + argv);
      }
      if (check && p.exitValue() != 0) {
        throw new IllegalStateException(argv + " exited " + p.exitValue() + ": " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(argv + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
