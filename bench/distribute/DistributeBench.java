import io.sealer.api.distribute.DistributionReport;
import io.sealer.api.distribute.DistributionRequest;
import io.sealer.api.distribute.DistributionTarget;
import io.sealer.api.distribute.HostDistribution;
import io.sealer.api.event.EventListener;
import io.sealer.api.host.HostAccess;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.HostConnector;
import io.sealer.api.host.RemoteHost;
import io.sealer.sdk.Sealer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Library-level distribution timings (the SDK's Distributor, no CLI, no image): what the
 * distribution step of a run costs, measured inside one JVM so that JVM start is not counted.
 * Each run connects to every host in parallel (one SSH login each, as a run does), distributes
 * the tree, and closes. Run with the packaged CLI's jars on the class path:
 *
 * <pre>
 * java -cp 'sealer-cli/target/sealer/lib/*' bench/distribute/DistributeBench.java \
 *     MODE RUNS TREE TARGET_DIR DIGEST_CACHE HOST,HOST,...
 * </pre>
 *
 * MODE: {@code first} (each run onto hosts whose target and record were removed first, untimed)
 * or {@code again} (RUNS runs, each a new connection and distribution, onto what is there). The password is
 * read from {@code SEALER_SSH_PASSWORD}; host keys go to a benchmark HOME. {@code SOURCE_KEY}, if
 * set, is passed as the request's source key (the listing of TREE is then kept beside the digest
 * cache and reused, as {@code sealer run} does with its prepared copy). Prints one line per run
 * and the bytes sent to each host.
 */
public class DistributeBench {
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    int runs = Integer.parseInt(args[1]);
    Path tree = Path.of(args[2]);
    String target = args[3];
    Path cache = args[4].equals("-") ? null : Path.of(args[4]);
    List<String> addresses = Arrays.asList(args[5].split(","));
    String password = System.getenv("SEALER_SSH_PASSWORD");
    Sealer sealer = Sealer.builder().build();
    HostConnector connector = sealer.hosts();
    for (int i = 0; i < runs; i++) {
      if (mode.equals("first")) {
        wipe(connector, addresses, password, target);
      }
      run(sealer, connector, addresses, password, tree, target, cache);
    }
  }

  private static void run(
      Sealer sealer,
      HostConnector connector,
      List<String> addresses,
      String password,
      Path tree,
      String target,
      Path cache) {
    long start = System.nanoTime();
    List<RemoteHost> hosts = connect(connector, addresses, password);
    long connected = System.nanoTime();
    DistributionReport report;
    try {
      List<DistributionTarget> targets = new ArrayList<>();
      hosts.forEach(h -> targets.add(new DistributionTarget(h, false)));
      report =
          sealer
              .distributor()
              .distribute(
                  DistributionRequest.of(tree, target, targets)
                      .withDigestCache(cache)
                      .withSourceKey(System.getenv("SOURCE_KEY")));
    } finally {
      hosts.forEach(RemoteHost::close);
    }
    long end = System.nanoTime();
    report.orThrow();
    StringBuilder bytes = new StringBuilder();
    for (HostDistribution h : report.hosts()) {
      bytes.append(' ').append(h.host()).append('=').append(h.bytesSent());
    }
    System.out.printf(
        "run %.3f s (connect %.3f s, distribute %.3f s) bytes sent:%s%n",
        (end - start) / 1e9, (connected - start) / 1e9, (end - connected) / 1e9, bytes);
  }

  private static List<RemoteHost> connect(
      HostConnector connector, List<String> addresses, String password) {
    List<CompletableFuture<RemoteHost>> futures = new ArrayList<>();
    for (String address : addresses) {
      futures.add(
          CompletableFuture.supplyAsync(
              () ->
                  connector.connect(HostAccess.withPassword(address, password), EventListener.NONE)));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private static void wipe(
      HostConnector connector, List<String> addresses, String password, String target) {
    String parent = target.substring(0, target.lastIndexOf('/'));
    for (RemoteHost host : connect(connector, addresses, password)) {
      try (host) {
        host.exec(HostCommand.of("rm -rf " + parent + " && sync").quiet()).orThrow();
      }
    }
  }
}
