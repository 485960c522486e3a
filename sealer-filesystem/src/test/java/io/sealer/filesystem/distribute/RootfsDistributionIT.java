package io.sealer.filesystem.distribute;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.distribute.DistributionReport;
import io.sealer.api.distribute.DistributionRequest;
import io.sealer.api.distribute.DistributionTarget;
import io.sealer.api.distribute.HostDistribution;
import io.sealer.api.event.EventListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 200 MB rootfs of mixed sizes (2,000 small files, eight large ones) to three hosts that run the
 * real host-side script: byte-identical trees, a re-run that sends nothing, and a host killed half
 * way that resumes sending less than half of the whole.
 */
class RootfsDistributionIT {
  static final String TARGET = DistributionRequest.targetDirOf("big");

  @TempDir Path base;

  @Test
  void twoHundredMegabytesReachThreeHostsAndResumeAfterAKill() throws IOException {
    Path image = base.resolve("image");
    Trees.write(image, 2000, 40L << 20, 7);
    Random random = new Random(7);
    byte[] chunk = new byte[1 << 20];
    for (int i = 0; i < 8; i++) {
      String dir = i < 2 ? "registry/docker/registry/v2/blobs" : "images";
      try (OutputStream out = Files.newOutputStream(image.resolve(dir + "/large-" + i + ".tar"))) {
        for (int mb = 0; mb < 20; mb++) {
          random.nextBytes(chunk);
          out.write(chunk);
        }
      }
    }
    LocalShellHost h1 = new LocalShellHost("10.0.1.1", base.resolve("h1"));
    LocalShellHost h2 = new LocalShellHost("10.0.1.2", base.resolve("h2"));
    LocalShellHost h3 = new LocalShellHost("10.0.1.3", base.resolve("h3"));
    List<DistributionTarget> targets =
        List.of(
            new DistributionTarget(h1, true),
            new DistributionTarget(h2, false),
            new DistributionTarget(h3, false));
    DistributionRequest request =
        DistributionRequest.of(image, TARGET, targets).withDigestCache(base.resolve("digests"));

    long start = System.nanoTime();
    DistributionReport first = Distributors.create(EventListener.NONE).distribute(request);
    long firstMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(first.failed()).isEmpty();
    assertThat(first.hosts().get(0).bytesSent()).isGreaterThan(190L << 20);
    Trees.assertSame(image, h1.path(TARGET), p -> true);
    Trees.assertSame(image, h2.path(TARGET), Trees::notRegistry);
    Trees.assertSame(image, h3.path(TARGET), Trees::notRegistry);

    start = System.nanoTime();
    DistributionReport second = Distributors.create(EventListener.NONE).distribute(request);
    long secondMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(second.bytesSent()).isZero();
    start = System.nanoTime();
    DistributionReport third = Distributors.create(EventListener.NONE).distribute(request);
    long cachedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(third.bytesSent()).isZero();

    LocalShellHost h4 = new LocalShellHost("10.0.1.4", base.resolve("h4"));
    DistributionRequest fourth =
        DistributionRequest.of(image, TARGET, List.of(new DistributionTarget(h4, true)));
    long whole = first.hosts().get(0).bytesSent();
    h4.killAfterStdinBytes(whole / 2);
    HostDistribution killed =
        Distributors.create(EventListener.NONE).distribute(fourth).hosts().get(0);
    assertThat(killed.succeeded()).isFalse();
    HostDistribution resumed =
        Distributors.create(EventListener.NONE).distribute(fourth).hosts().get(0);

    assertThat(resumed.succeeded()).isTrue();
    assertThat(resumed.bytesSent()).isLessThan(whole * 55 / 100);
    Trees.assertSame(image, h4.path(TARGET), p -> true);
    System.out.printf(
        "distribution of %d MB to 3 hosts: %d ms; re-run: %d ms; re-run with local digests"
            + " cached: %d ms; resume after a kill at 50%% sent %.1f%% of the whole%n",
        whole >> 20, firstMillis, secondMillis, cachedMillis, 100.0 * resumed.bytesSent() / whole);
  }
}
