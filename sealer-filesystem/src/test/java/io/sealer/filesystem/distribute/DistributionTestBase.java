package io.sealer.filesystem.distribute;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealer.api.distribute.DistributionReport;
import io.sealer.api.distribute.DistributionRequest;
import io.sealer.api.distribute.DistributionTarget;
import io.sealer.api.distribute.HostDistribution;
import io.sealer.api.event.LogEvent;
import io.sealer.api.event.ProgressEvent;
import io.sealer.api.event.SealerEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Common set-up of the distribution tests: an image of 300 files (4 MiB) and three "hosts" that run
 * the real host-side script with bash, GNU tar and coreutils, each with its own file system root.
 */
abstract class DistributionTestBase {
  static final String TARGET = DistributionRequest.targetDirOf("c1");

  @TempDir Path base;
  Path image;
  final List<SealerEvent> events = new CopyOnWriteArrayList<>();
  LocalShellHost h1;
  LocalShellHost h2;
  LocalShellHost h3;

  @BeforeEach
  void setUp() throws IOException {
    image = base.resolve("image");
    Trees.write(image, 300, 4 << 20, 1);
    h1 = new LocalShellHost("10.0.0.1", base.resolve("h1"));
    h2 = new LocalShellHost("10.0.0.2", base.resolve("h2"));
    h3 = new LocalShellHost("10.0.0.3", base.resolve("h3"));
  }

  DistributionReport run(DistributionRequest request) {
    return Distributors.create(events::add).distribute(request);
  }

  DistributionRequest request(LocalShellHost... hosts) {
    List<DistributionTarget> targets =
        java.util.Arrays.stream(hosts).map(h -> new DistributionTarget(h, h == h1)).toList();
    return DistributionRequest.of(image, TARGET, targets);
  }

  Path target(LocalShellHost host) {
    return host.path(TARGET);
  }

  void assertProgressNeverGoesBack() {
    Map<String, Long> last = new HashMap<>();
    for (SealerEvent e : events) {
      if (e instanceof ProgressEvent p) {
        long before = last.getOrDefault(p.operation(), 0L);
        assertThat(p.done()).as(p.operation()).isGreaterThanOrEqualTo(before);
        assertThat(p.done()).isLessThanOrEqualTo(p.total());
        last.put(p.operation(), p.done());
      }
    }
    assertThat(last).containsKey("distribute " + TARGET);
    assertThat(last.keySet()).anyMatch(k -> k.endsWith(" 10.0.0.2"));
  }

  HostDistribution only(DistributionReport report) {
    assertThat(report.hosts()).hasSize(1);
    return report.hosts().get(0);
  }

  List<String> warnings() {
    return events.stream()
        .filter(e -> e instanceof LogEvent l && l.level() == LogEvent.Level.WARN)
        .map(e -> ((LogEvent) e).message())
        .toList();
  }
}
