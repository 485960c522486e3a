package io.sealer.image.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void aLaterTaskFailingIsReportedAtOnceAndStopsTheOthers() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    AtomicBoolean firstInterrupted = new AtomicBoolean();
    Set<Integer> ran = ConcurrentHashMap.newKeySet();
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                Parallel.run(
                    2,
                    List.of(0, 1, 2, 3),
                    i -> {
                      ran.add(i);
                      if (i == 0) {
                        firstStarted.countDown();
                        if (!sleep(30_000)) { // a long transfer
                          firstInterrupted.set(true);
                          throw new java.io.InterruptedIOException();
                        }
                      } else if (i == 1) {
                        try {
                          firstStarted.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          throw new java.io.InterruptedIOException();
                        }
                        throw new IOException("task 1 failed");
                      } else {
                        sleep(30_000);
                      }
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("task 1 failed");
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!firstInterrupted.get() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(firstInterrupted).isTrue();
    assertThat(ran).doesNotContain(3);
  }

  /** Sleeps; false if interrupted. */
  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Test
  void everyTaskRunsWhenNoneFails() throws Exception {
    Set<Integer> ran = ConcurrentHashMap.newKeySet();
    Parallel.run(3, List.of(1, 2, 3, 4, 5), ran::add);
    assertThat(ran).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
  }
}
