package io.sealer.filesystem.distribute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.distribute.DistributionException;
import io.sealer.api.distribute.DistributionReport;
import io.sealer.api.distribute.DistributionRequest;
import io.sealer.api.distribute.DistributionTarget;
import io.sealer.api.distribute.HostDistribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Distribution to several hosts: identical trees, re-runs, removals, registry hosts, failures. */
class RootfsDistributorTest extends DistributionTestBase {
  @Test
  void reachesEveryHostIdenticallyAndASecondRunSendsNothing() throws IOException {
    DistributionReport first = run(request(h1, h2, h3));

    assertThat(first.failed()).isEmpty();
    Trees.assertSame(image, target(h1), p -> true);
    Trees.assertSame(image, target(h2), Trees::notRegistry);
    Trees.assertSame(image, target(h3), Trees::notRegistry);
    assertThat(target(h2).resolve("registry")).doesNotExist();
    assertThat(first.hosts().get(0).bytesSent()).isGreaterThan(first.hosts().get(1).bytesSent());
    assertThat(first.hosts()).allSatisfy(h -> assertThat(h.bytesSent()).isGreaterThan(3 << 20));
    assertThat(h1.path(TARGET + ".manifest")).exists();
    assertProgressNeverGoesBack();

    Files.writeString(target(h2).resolve("kubeadm.yaml"), "made on the host at run time");
    Files.writeString(target(h2).resolve("etc/made-on-host.conf"), "also made on the host");
    int commandsBefore = h2.commands.get();
    DistributionReport second = run(request(h1, h2, h3));

    assertThat(second.failed()).isEmpty();
    assertThat(second.hosts())
        .allSatisfy(
            h -> {
              assertThat(h.bytesSent()).isZero();
              assertThat(h.filesSent()).isZero();
              assertThat(h.filesKept()).isGreaterThan(250);
            });
    assertThat(h2.commands.get() - commandsBefore).as("one probe, nothing else").isEqualTo(1);
    assertThat(target(h2).resolve("kubeadm.yaml")).hasContent("made on the host at run time");
    assertThat(target(h2).resolve("etc/made-on-host.conf")).hasContent("also made on the host");
    Trees.assertSame(image, target(h3), Trees::notRegistry);
  }

  @Test
  void whatTheImageNoLongerHasIsRemovedAndHostFilesAreLeftAlone() throws IOException {
    assertThat(run(request(h1, h2)).failed()).isEmpty();
    Files.createDirectories(target(h2).resolve("pki"));
    Files.writeString(target(h2).resolve("pki/ca.crt"), "made on the host");
    Files.delete(image.resolve("etc/kubeadm.yml"));
    Files.delete(image.resolve("bin/kubectl-link"));
    try (var files = Files.list(image.resolve("charts/app/templates"))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(image.resolve("charts/app/templates"));
    Files.writeString(image.resolve("etc/new file"), "new");
    Files.writeString(image.resolve("scripts/f3.bin"), "changed content");

    DistributionReport second = run(request(h1, h2));

    assertThat(second.failed()).isEmpty();
    HostDistribution h2Outcome = second.hosts().get(1);
    assertThat(h2Outcome.filesSent()).isEqualTo(2);
    assertThat(h2Outcome.filesRemoved()).isGreaterThanOrEqualTo(3);
    assertThat(h2Outcome.bytesSent()).isLessThan(64 * 1024);
    Trees.assertSame(image, target(h1), p -> true);
    Trees.assertSame(image, target(h2), p -> Trees.notRegistry(p) && !p.startsWith("pki"));
    assertThat(target(h2).resolve("charts/app/templates")).doesNotExist();
    assertThat(target(h2).resolve("pki/ca.crt")).hasContent("made on the host");
  }

  @Test
  void registryGoesOnlyToRegistryHostsAndLeavesAHostThatIsNoLongerOne() throws IOException {
    DistributionReport first = run(request(h1, h2));
    assertThat(first.failed()).isEmpty();
    assertThat(target(h1).resolve("registry/docker/registry/v2/blobs")).isDirectory();
    assertThat(target(h2).resolve("registry")).doesNotExist();

    DistributionReport second =
        run(DistributionRequest.of(image, TARGET, List.of(new DistributionTarget(h1, false))));

    assertThat(second.failed()).isEmpty();
    assertThat(target(h1).resolve("registry")).doesNotExist();
    Trees.assertSame(image, target(h1), Trees::notRegistry);
  }

  @Test
  void aKeptListingStandsForTheRootfsWhileItsKeyIsTheSame() throws IOException {
    Path cache = base.resolve("cache/digests");
    Files.createDirectories(cache.getParent());
    DistributionRequest keyed = request(h2).withDigestCache(cache).withSourceKey("image-1");
    assertThat(run(keyed).failed()).isEmpty();
    assertThat(TreeSnapshot.fileFor(cache)).exists();

    // the caller promised the rootfs does not change under the same key: the listing is used
    // as it is, so a file changed behind its back is not even looked at
    Files.writeString(image.resolve("etc/kubeadm.yml"), "changed behind the key's back");
    DistributionReport same = run(keyed);
    assertThat(same.failed()).isEmpty();
    assertThat(same.hosts().get(0).filesSent()).isZero();

    // another key: the rootfs is read again and the change goes out
    DistributionReport other = run(keyed.withSourceKey("image-2"));
    assertThat(other.failed()).isEmpty();
    assertThat(other.hosts().get(0).filesSent()).isEqualTo(1);
    assertThat(target(h2).resolve("etc/kubeadm.yml")).hasContent("changed behind the key's back");

    // a damaged listing is not used: the rootfs is read, nothing is wrongly sent or skipped
    Files.writeString(image.resolve("etc/kubeadm.yml"), "changed again");
    Files.writeString(TreeSnapshot.fileFor(cache), "sealer-rootfs-listing 1\nkey\timage-2\n");
    DistributionReport damaged = run(keyed.withSourceKey("image-2"));
    assertThat(damaged.failed()).isEmpty();
    assertThat(damaged.hosts().get(0).filesSent()).isEqualTo(1);
    Trees.assertSame(image, target(h2), Trees::notRegistry);
  }

  @Test
  void oneFailingHostDoesNotStopTheOthersAndItsOutcomeNamesIt() throws IOException {
    Files.createDirectories(h2.path("/var/lib/sealer"));
    Files.writeString(h2.path("/var/lib/sealer/data"), "a file where a directory must be");
    RemoteHostStub unreachable = new RemoteHostStub("10.0.0.9");
    List<DistributionTarget> targets =
        List.of(
            new DistributionTarget(h1, true),
            new DistributionTarget(h2, false),
            new DistributionTarget(unreachable, false),
            new DistributionTarget(h3, false));

    DistributionReport report =
        run(new DistributionRequest(image, TARGET, targets, 2, false, false, null));

    assertThat(report.hosts())
        .extracting(HostDistribution::host)
        .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.9", "10.0.0.3");
    assertThat(report.failed())
        .extracting(HostDistribution::host)
        .containsExactly("10.0.0.2", "10.0.0.9");
    assertThat(report.hosts().get(1).failure())
        .hasMessageStartingWith("10.0.0.2: ")
        .hasMessageContaining("could not create");
    assertThat(report.hosts().get(2).failure())
        .hasMessageStartingWith("10.0.0.9: ")
        .hasMessageContaining("connection refused");
    Trees.assertSame(image, target(h3), Trees::notRegistry);
    Trees.assertSame(image, target(h1), p -> true);
    assertThatThrownBy(report::orThrow)
        .isInstanceOf(DistributionException.class)
        .hasMessageStartingWith("could not distribute rootfs to 2 of 4 hosts: 10.0.0.2: ")
        .hasMessageContaining("; 10.0.0.9: ");
  }

  @Test
  void aDryRunSaysWhatWouldBeSentAndChangesNothing() throws IOException {
    HostDistribution fresh = only(run(request(h2).withDryRun(true)));

    assertThat(fresh.succeeded()).isTrue();
    assertThat(fresh.dryRun()).isTrue();
    assertThat(fresh.bytesSent()).isZero();
    assertThat(fresh.bytesPlanned()).isGreaterThan(3 << 20);
    assertThat(fresh.filesSent()).isGreaterThan(250);
    assertThat(h2.path("/var/lib/sealer")).doesNotExist();

    assertThat(run(request(h2)).failed()).isEmpty();
    byte[] record = Files.readAllBytes(h2.path(TARGET + ".manifest"));
    Files.writeString(image.resolve("etc/kubeadm.yml"), "kind: changed\n");

    HostDistribution changed = only(run(request(h2).withDryRun(true)));

    assertThat(changed.filesSent()).isEqualTo(1);
    assertThat(changed.bytesPlanned()).isEqualTo(Files.size(image.resolve("etc/kubeadm.yml")));
    assertThat(target(h2).resolve("etc/kubeadm.yml")).hasContent("kind: ClusterConfiguration\n");
    assertThat(Files.readAllBytes(h2.path(TARGET + ".manifest"))).isEqualTo(record);
  }
}
