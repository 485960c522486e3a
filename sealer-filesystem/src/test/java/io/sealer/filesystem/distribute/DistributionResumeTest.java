package io.sealer.filesystem.distribute;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.distribute.DistributionReport;
import io.sealer.api.distribute.HostDistribution;
import io.sealer.api.host.CommandResult;
import io.sealer.api.host.HostCommand;
import io.sealer.api.host.RemoteHost;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Interrupted transfers resume with what is missing; damage on a host is found and repaired. */
class DistributionResumeTest extends DistributionTestBase {

  @Test
  void aHostKilledHalfWayResumesAndTheSecondRunSendsLessThanTheWhole() throws IOException {
    long whole = only(run(request(h3))).bytesSent();
    h2.killAfterStdinBytes(whole / 2);

    HostDistribution killed = only(run(request(h2)));

    assertThat(killed.succeeded()).isFalse();
    assertThat(killed.failure()).hasMessageStartingWith("10.0.0.2: ");
    assertNoFileOnTheHostDiffersFromTheImage(h2);

    HostDistribution resumed = only(run(request(h2)));

    assertThat(resumed.succeeded()).isTrue();
    assertThat(resumed.bytesSent()).isGreaterThan(0).isLessThan(whole * 55 / 100);
    Trees.assertSame(image, target(h2), Trees::notRegistry);
    assertThat(only(run(request(h2))).bytesSent()).isZero();
  }

  @Test
  void aTruncatedStreamFailsClearlyWithNoHalfFileInPlaceAndResumes() throws IOException {
    long whole = only(run(request(h3))).bytesSent();
    Truncating truncating = new Truncating(h2, whole / 3);

    DistributionReport cut =
        run(
            io.sealer.api.distribute.DistributionRequest.of(
                image,
                TARGET,
                java.util.List.of(
                    new io.sealer.api.distribute.DistributionTarget(truncating, false))));

    HostDistribution outcome = only(cut);
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.failure())
        .hasMessageStartingWith("10.0.0.2: ")
        .hasMessageContaining("exited 12")
        .hasMessageContaining("the stream ended early");
    assertNoFileOnTheHostDiffersFromTheImage(h2);
    assertThat(h2.path(TARGET + ".manifest")).doesNotExist();

    HostDistribution resumed = only(run(request(h2)));

    assertThat(resumed.succeeded()).isTrue();
    assertThat(resumed.bytesSent()).isLessThan(whole * 8 / 10);
    Trees.assertSame(image, target(h2), Trees::notRegistry);
  }

  @Test
  void aFileCorruptedOnAHostIsFoundAndReplaced() throws IOException {
    assertThat(run(request(h2)).failed()).isEmpty();
    Path victim = target(h2).resolve("etc/kubeadm.yml");
    byte[] bytes = Files.readAllBytes(victim);
    bytes[3] ^= 0x20;
    Files.write(victim, bytes);

    HostDistribution repaired = only(run(request(h2)));

    assertThat(repaired.filesSent()).isEqualTo(1);
    assertThat(repaired.bytesPlanned()).isEqualTo(bytes.length);
    Trees.assertSame(image, target(h2), Trees::notRegistry);
  }

  @Test
  void verifyFindsDamageThatTheRecordWasMadeToHide() throws IOException {
    assertThat(run(request(h2)).failed()).isEmpty();
    Path victim = target(h2).resolve("etc/kubeadm.yml");
    byte[] bytes = Files.readAllBytes(victim);
    bytes[0] ^= 0x20;
    Files.write(victim, bytes);
    rewriteRecordWithCurrentStat(h2, "etc/kubeadm.yml");

    assertThat(only(run(request(h2))).filesSent()).as("the record is trusted").isZero();
    HostDistribution verified = only(run(request(h2).withVerify(true)));

    assertThat(verified.filesSent()).isEqualTo(1);
    Trees.assertSame(image, target(h2), Trees::notRegistry);
  }

  /** Makes the record vouch for the file as it is now, as a careless edit on the host might. */
  private void rewriteRecordWithCurrentStat(LocalShellHost host, String path) throws IOException {
    HostState state = HostState.parse(new HostScript(host, TARGET, true).probe(""));
    Map<String, HostEntry> record = new LinkedHashMap<>(state.record());
    HostEntry now = state.actual().get(path);
    record.put(path, now.withSha256(record.get(path).sha256()));
    Files.write(host.path(TARGET + ".manifest"), HostRecord.encode(record.values()));
  }

  private void assertNoFileOnTheHostDiffersFromTheImage(LocalShellHost host) throws IOException {
    Path target = target(host);
    if (!Files.exists(target)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(target)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Path original = image.resolve(target.relativize(p).toString());
          assertThat(Files.readAllBytes(p))
              .as(p.toString())
              .isEqualTo(Files.readAllBytes(original));
        }
      }
    }
  }

  /** A host whose stdin ends (cleanly) after a number of bytes, as a dropped stream would. */
  private static final class Truncating implements RemoteHost {
    private final RemoteHost host;
    private final long limit;

    Truncating(RemoteHost host, long limit) {
      this.host = host;
      this.limit = limit;
    }

    @Override
    public String address() {
      return host.address();
    }

    @Override
    public CommandResult exec(HostCommand command) {
      if (command.stdin() == null || !command.description().startsWith("receive")) {
        return host.exec(command);
      }
      return host.exec(command.withStdin(new Cut(command.stdin(), limit)));
    }

    @Override
    public void copy(InputStream data, String path, int mode) {
      host.copy(data, path, mode);
    }

    @Override
    public void close() {}
  }

  private static final class Cut extends FilterInputStream {
    private long left;

    Cut(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      return left-- > 0 ? super.read() : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
