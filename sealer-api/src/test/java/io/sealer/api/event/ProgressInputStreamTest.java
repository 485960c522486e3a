package io.sealer.api.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressInputStreamTest {

  @Test
  void reportsAbsolutePositionsFromTheResumeOffsetAndCountsEveryRead() throws Exception {
    List<Long> positions = new CopyOnWriteArrayList<>();
    ProgressTracker tracker =
        new ProgressTracker(e -> positions.add(((ProgressEvent) e).done()), "push", "pushing");
    tracker.allocate("blob", 1000);
    AtomicLong counted = new AtomicLong();
    try (InputStream in =
        new ProgressInputStream(
            new ByteArrayInputStream(new byte[600]),
            tracker,
            "blob",
            400,
            100,
            counted::addAndGet)) {
      byte[] buffer = new byte[50];
      while (in.read(buffer) > 0) {
        // read it all in 50-byte pieces
      }
    }
    assertThat(counted.get()).isEqualTo(600);
    // allocation, then one report per 100 bytes, the first at 500 (400 + 100)
    assertThat(positions).containsExactly(0L, 500L, 600L, 700L, 800L, 900L, 1000L);
  }
}
