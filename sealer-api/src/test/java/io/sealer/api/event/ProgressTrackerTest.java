package io.sealer.api.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {

  @Test
  void sumsPartsAndNeverGoesBackwards() {
    List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    ProgressTracker tracker =
        new ProgressTracker(e -> events.add((ProgressEvent) e), "push x", "pushing x");
    tracker.allocate("a", 100);
    tracker.allocate("b", 50);
    tracker.reached("a", 60);
    tracker.restarted("a", 20); // connection cut: 40 bytes will be sent again
    tracker.reached("a", 40);
    tracker.reached("a", 100);
    tracker.completed("b");
    tracker.finish();

    assertThat(tracker.repeatedUnits()).isEqualTo(40);
    assertThat(tracker.done()).isEqualTo(150);
    long previous = -1;
    for (ProgressEvent e : events) {
      assertThat(e.done()).isGreaterThanOrEqualTo(previous);
      assertThat(e.done()).isLessThanOrEqualTo(e.total());
      previous = e.done();
    }
    assertThat(events.get(events.size() - 1).finished()).isTrue();
  }

  @Test
  void parallelPartsDeliverEventsInOrder() throws Exception {
    List<Long> seen = new CopyOnWriteArrayList<>();
    ProgressTracker tracker =
        new ProgressTracker(e -> seen.add(((ProgressEvent) e).done()), "pull", "pulling");
    int parts = 8;
    int steps = 2000;
    for (int i = 0; i < parts; i++) {
      tracker.allocate("p" + i, steps);
    }
    Thread[] threads = new Thread[parts];
    for (int i = 0; i < parts; i++) {
      String part = "p" + i;
      threads[i] =
          new Thread(
              () -> {
                for (int s = 1; s <= steps; s++) {
                  tracker.reached(part, s);
                }
              });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    tracker.finish();
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i)).isGreaterThanOrEqualTo(seen.get(i - 1));
    }
    assertThat(seen.get(seen.size() - 1)).isEqualTo((long) parts * steps);
  }
}
