package io.sealer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sealer.api.distribute.DistributionReport;
import io.sealer.api.distribute.DistributionRequest;
import io.sealer.api.distribute.DistributionTarget;
import io.sealer.api.distribute.Distributor;
import io.sealer.api.distribute.HostDistribution;
import io.sealer.api.event.EventListener;
import io.sealer.api.host.RemoteHost;
import io.sealer.sdk.Sealer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's Distributor (through the SDK) over real SSH to three sshd hosts of the {@code
 * local} provider: a 200 MB rootfs of mixed content arrives byte-identical with its modes and
 * links, a second run sends nothing, a corrupted and a deleted file are found and replaced, and a
 * host whose processes are killed half way resumes from where it stopped, the file cut short
 * included: less than 10% of the tree is sent twice. Root only; environment {@code hitdist},
 * 10.249.10.0/24.
 */
class RootfsDistributionIT {
  private static Path work;
  private static Path rootfs;
  private static long treeBytes;
  private static String expected;
  private static LocalHosts hosts;
  private static Distributor distributor;

  @BeforeAll
  static void up() throws Exception {
    assumeTrue(LocalHosts.available(), "needs root, sshd and unshare");
    work = Files.createTempDirectory("distribution-it");
    hosts = LocalHosts.up(work, "hitdist", 3, "10.249.10.0/24");
    rootfs = work.resolve("rootfs");
    treeBytes = RootfsTree.write(rootfs, 5, 34, 3000, 11);
    expected = RootfsTree.listing(rootfs);
    distributor =
        Sealer.builder()
            .root(work.resolve("root"))
            .home(work.resolve("home/.sealer"))
            .build()
            .distributor();
  }

  @AfterAll
  static void down() throws IOException {
    if (hosts != null) {
      hosts.close();
    }
    CliHosts.deleteTree(work);
  }

  @Test
  void twoHundredMegabytesReachThreeHostsIdenticalAndOnlyWhatIsMissingIsSentAgain()
      throws Exception {
    String target = DistributionRequest.targetDirOf("hitcopy");
    assertThat(treeBytes).isGreaterThan(200_000_000L);

    long start = System.nanoTime();
    DistributionReport first = distribute(target, 0, 1, 2);
    long firstMillis = millis(start);
    assertThat(first.failed()).isEmpty();
    for (HostDistribution host : first.hosts()) {
      assertThat(host.bytesSent()).as(host.host()).isGreaterThanOrEqualTo(treeBytes);
      assertThat(host.filesSent()).as(host.host()).isEqualTo(3000 + 5 + 2 + 1 + 22);
    }
    assertIdentical(target, 0, 1, 2);

    start = System.nanoTime();
    DistributionReport second = distribute(target, 0, 1, 2);
    long secondMillis = millis(start);
    assertThat(second.failed()).isEmpty();
    assertThat(second.bytesSent()).isZero();
    assertThat(second.hosts()).allSatisfy(h -> assertThat(h.filesSent()).isZero());

    // host 2: a large file corrupted in place (same size, same mtime); host 3: a small one deleted
    String large = target + "/images/large-2.bin";
    hosts.run(
        1,
        "t=$(stat -c %y "
            + large
            + ")\n"
            + "printf 'CORRUPTED' | dd of="
            + large
            + " bs=1 seek=4096 conv=notrunc status=none\n"
            + "touch -d \"$t\" "
            + large);
    hosts.run(2, "rm " + target + "/etc/d5/f5.conf");
    DistributionReport third = distribute(target, 0, 1, 2);
    assertThat(third.failed()).isEmpty();
    assertThat(third.hosts().get(0).filesSent()).isZero();
    assertThat(third.hosts().get(1).filesSent()).isEqualTo(1);
    assertThat(third.hosts().get(1).bytesSent()).isBetween(34L << 20, 35L << 20);
    assertThat(third.hosts().get(2).filesSent()).isEqualTo(1);
    assertThat(third.hosts().get(2).bytesSent()).isLessThan(64 * 1024);
    assertIdentical(target, 1, 2);
    System.out.printf(
        "RootfsDistributionIT: %d MiB to 3 hosts over SSH in %d ms; unchanged re-run %d ms%n",
        treeBytes >> 20, firstMillis, secondMillis);
  }

  @Test
  void aHostWhoseProcessesAreKilledHalfWayResumesWithLessThanTheWhole() throws Exception {
    String target = DistributionRequest.targetDirOf("hitresume");
    Path hostData = hosts.hostDir(2).resolve("plain/var/lib/sealer/data/hitresume");
    long init = Long.parseLong(Files.readString(hosts.hostDir(2).resolve("init.pid")).strip());

    CompletableFuture<DistributionReport> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return distribute(target, 2);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (bytesUnder(hostData) < treeBytes / 2) {
      assertThat(running).as("the transfer ended before half").isNotDone();
      assertThat(System.nanoTime()).as("half way within 60 s").isLessThan(deadline);
      Thread.sleep(20);
    }
    // everything on the host but its init: sshd, the session, the receiving tar and script
    List<ProcessHandle> killed = new ArrayList<>();
    ProcessHandle.of(init).orElseThrow().descendants().forEach(killed::add);
    killed.forEach(ProcessHandle::destroyForcibly);
    HostDistribution broken = running.get(60, TimeUnit.SECONDS).hosts().get(0);
    assertThat(broken.succeeded()).isFalse();
    assertThat(broken.failure().host()).isEqualTo(hosts.address(2));
    assertThat(broken.failure().getMessage())
        .startsWith(hosts.address(2) + ": ")
        .doesNotContain("\n");
    assertThat(broken.bytesSent()).isGreaterThan(treeBytes / 2);

    // what reached the host's disk before its processes died; what was still in buffers (TCP,
    // sshd, the pipe to tar) died with them, more of it the longer the kill took: no resume can
    // save that, so it is reported below, not asserted
    long staged = bytesUnder(hostData);
    assertThat(staged).isGreaterThan(treeBytes / 2);

    awaitSshd(hosts.address(2)); // the host's init starts sshd again
    HostDistribution resumed = distribute(target, 2).hosts().get(0);
    assertThat(resumed.succeeded()).isTrue();
    // the resume sends what the host lacks and little more (tar headers, the rest of a file cut
    // short): never again a file, or the start of one, that reached the host's disk
    assertThat(resumed.bytesSent())
        .as("bytes the resume sent, with %d of %d on the host", staged, treeBytes)
        .isGreaterThan(0)
        .isLessThan(treeBytes - staged + treeBytes / 20);
    // Sent twice: what the broken run wrote (some of it still in buffers when the host died) plus
    // what the resume sent, beyond one whole stream (the tree and its tar headers).
    long again = broken.bytesSent() + resumed.bytesSent() - treeBytes;
    assertIdentical(target, 2);
    System.out.printf(
        "RootfsDistributionIT: killed after %d MiB of %d MiB (%d MiB on the host's disk); the"
            + " resume sent %.1f%% of the whole (%d files); sent again: %.1f%% of the whole%n",
        broken.bytesSent() >> 20,
        treeBytes >> 20,
        staged >> 20,
        100.0 * resumed.bytesSent() / treeBytes,
        resumed.filesSent(),
        100.0 * again / treeBytes);
  }

  private static DistributionReport distribute(String target, int... indexes) {
    List<RemoteHost> connected = new ArrayList<>();
    try {
      List<DistributionTarget> targets = new ArrayList<>();
      for (int index : indexes) {
        RemoteHost host = hosts.root(index, EventListener.NONE);
        connected.add(host);
        targets.add(new DistributionTarget(host, false));
      }
      return distributor.distribute(DistributionRequest.of(rootfs, target, targets));
    } finally {
      connected.forEach(RemoteHost::close);
    }
  }

  private static void assertIdentical(String target, int... indexes) {
    List<CompletableFuture<String>> listings = new ArrayList<>();
    for (int index : indexes) {
      listings.add(
          CompletableFuture.supplyAsync(
              () -> hosts.run(index, "cd " + target + "\n" + RootfsTree.LISTING)));
    }
    for (int i = 0; i < indexes.length; i++) {
      assertThat(listings.get(i).join()).as(hosts.address(indexes[i])).isEqualTo(expected);
    }
  }

  private static long bytesUnder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0; // moved or removed meanwhile
                }
              })
          .sum();
    } catch (java.io.UncheckedIOException e) {
      return 0; // a directory moved while walking: look again
    }
  }

  private static void awaitSshd(String ip) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(ip, 22), 500);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("sshd on " + ip + " did not come back");
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
