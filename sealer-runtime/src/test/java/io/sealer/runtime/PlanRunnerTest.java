package io.sealer.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealer.api.event.EventListener;
import io.sealer.api.runtime.ClusterRunException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanRunnerTest {
  @TempDir Path dir;

  @Test
  void everyHostFinishesThePhaseThenAllFailuresAreReportedAndLaterPhasesWait() {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    List<Step> plan =
        List.of(
            new Step("p1", "h1", "a", "1", () -> ran.add("h1.a")),
            new Step(
                "p1",
                "h2",
                "a",
                "1",
                () -> {
                  throw new IllegalStateException("disk full");
                }),
            new Step(
                "p1",
                "h3",
                "a",
                "1",
                () -> {
                  throw new io.sealer.api.host.HostException(
                      "h3",
                      io.sealer.api.host.HostException.Kind.UNREACHABLE,
                      "connection refused");
                }),
            new Step("p2", "h1", "b", "1", () -> ran.add("h1.b")));
    Journal journal = new Journal(dir.resolve("journal"));
    assertThatThrownBy(() -> new PlanRunner(journal, 4, EventListener.NONE).apply(plan))
        .isInstanceOf(ClusterRunException.class)
        .hasMessage(
            "2 of 3 hosts failed in p1:\n  h2: IllegalStateException: disk full\n"
                + "  h3: connection refused");
    assertThat(ran).containsExactly("h1.a");
    assertThat(journal.isDone(plan.get(0).key())).isTrue();
  }

  @Test
  void aReRunSkipsWhatIsDoneAndRunsWhatChanged() {
    Journal journal = new Journal(dir.resolve("journal"));
    List<String> ran = new ArrayList<>();
    List<Step> first = List.of(new Step("p", "h", "x", "in1", () -> ran.add("x1")));
    new PlanRunner(journal, 1, EventListener.NONE).apply(first);
    new PlanRunner(new Journal(dir.resolve("journal")), 1, EventListener.NONE).apply(first);
    List<Step> changed = List.of(new Step("p", "h", "x", "in2", () -> ran.add("x2")));
    new PlanRunner(journal, 1, EventListener.NONE).apply(changed);
    assertThat(ran).containsExactly("x1", "x2");
  }

  @Test
  void stepsOfOneHostRunInOrderAndHostsInParallel() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    Step.Body meet =
        () -> {
          both.countDown();
          assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
        };
    List<Step> plan =
        List.of(
            new Step("p", "h1", "meet", "", meet),
            new Step("p", "h1", "second", "", () -> order.add("h1.second")),
            new Step("p", "h2", "meet", "", meet));
    new PlanRunner(new Journal(dir.resolve("j")), 2, EventListener.NONE).apply(plan);
    assertThat(order).containsExactly("h1.second");
  }
}
