package io.sealer.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sealer.api.event.LogEvent;
import io.sealer.api.event.SealerEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The care loop's decisions, round by round, against real local HTTP servers and a recording
 * backend: who leaves and rejoins the rotation, what is logged, restoring lost rules, retrying a
 * refused apply, and what stop leaves behind.
 */
class CareLoopTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final HealthCheck CHECK =
      new HealthCheck(HealthCheck.Scheme.HTTP, "/healthz", Duration.ofMillis(500));

  private final List<SealerEvent> events = new CopyOnWriteArrayList<>();
  private final RecordingLoadBalancer balancer = new RecordingLoadBalancer();
  private final AtomicBoolean vipPresent = new AtomicBoolean();
  private final ScriptedCommandRunner ip =
      new ScriptedCommandRunner(
          call -> {
            String line = call.line();
            if (line.startsWith("ip addr replace")) {
              vipPresent.set(true);
            } else if (line.startsWith("ip addr del")) {
              vipPresent.set(false);
            } else if (line.startsWith("ip -o")) {
              return ScriptedCommandRunner.ok(
                  call,
                  vipPresent.get()
                      ? "1: lo    inet 10.0.0.100/32 scope global lo\\       valid_lft forever\n"
                      : "");
            }
            return ScriptedCommandRunner.ok(call, "");
          });
  private HttpServer one;
  private HttpServer two;
  private int portOne;
  private VirtualServer vs;
  private HealthProber prober;

  @BeforeEach
  void start() throws IOException {
    one = server(0);
    two = server(0);
    portOne = one.getAddress().getPort();
    vs =
        new VirtualServer(
            Endpoint.parse("10.0.0.100:6443"),
            List.of(
                new Endpoint(LOOPBACK, portOne),
                new Endpoint(LOOPBACK, two.getAddress().getPort())));
    prober = new HealthProber();
  }

  @AfterEach
  void stop() {
    one.stop(0);
    two.stop(0);
    prober.close();
  }

  private static HttpServer server(int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, port), 0);
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return server;
  }

  private CareLoop loop(boolean cleanOnStop) {
    return new CareLoop(
        balancer,
        new VipAddress(ip),
        prober,
        events::add,
        vs,
        CHECK,
        Duration.ofSeconds(1),
        cleanOnStop);
  }

  private List<String> messages() {
    return events.stream()
        .filter(e -> e instanceof LogEvent)
        .map(e -> ((LogEvent) e).level() + " " + ((LogEvent) e).message())
        .toList();
  }

  @Test
  void aDeadServerLeavesTheRotationAndComesBackWhenItRecovers() throws Exception {
    CareLoop loop = loop(false);
    loop.round(); // nothing applied yet: both healthy differ from the empty start
    assertThat(balancer.kernel()).isEqualTo(vs);
    int appliesBefore = balancer.applied().size();
    loop.round();
    assertThat(balancer.applied()).hasSize(appliesBefore); // nothing changed, nothing applied

    one.stop(0);
    loop.round();
    Endpoint first = vs.realServers().get(0);
    Endpoint second = vs.realServers().get(1);
    assertThat(loop.active()).containsExactly(second);
    assertThat(balancer.kernel()).isEqualTo(vs.withRealServers(List.of(second)));
    assertThat(messages())
        .contains(
            "WARN removed "
                + first
                + " from 10.0.0.100:6443: unhealthy (connection refused); now ["
                + second
                + "]");

    one = server(portOne);
    loop.round();
    assertThat(loop.active()).containsExactly(first, second);
    assertThat(balancer.kernel()).isEqualTo(vs);
    assertThat(messages())
        .contains(
            "INFO added "
                + first
                + " back to 10.0.0.100:6443: healthy (HTTP 200); now ["
                + first
                + ", "
                + second
                + "]");
  }

  @Test
  void allServersDeadLeavesAnEmptyRotationWithAWarning() {
    CareLoop loop = loop(false);
    loop.round();
    one.stop(0);
    two.stop(0);
    loop.round();
    assertThat(loop.active()).isEmpty();
    assertThat(balancer.kernel()).isEqualTo(vs.withRealServers(List.of()));
    assertThat(messages())
        .anyMatch(m -> m.contains("now no real server (connections to the VIP fail"));
  }

  @Test
  void anInterruptedRoundChangesNothing() {
    CareLoop loop = loop(false);
    loop.round();
    int applies = balancer.applied().size();
    Thread.currentThread().interrupt();
    try {
      loop.round();
    } finally {
      Thread.interrupted();
    }
    assertThat(balancer.applied()).hasSize(applies);
    assertThat(loop.active()).hasSize(2);
  }

  @Test
  void rulesSomeoneRemovedAreRestored() {
    CareLoop loop = loop(false);
    loop.round();
    balancer.loseRules();
    loop.round();
    assertThat(balancer.kernel()).isEqualTo(vs);
    assertThat(messages())
        .contains("WARN the rules for 10.0.0.100:6443 were removed or changed; restoring them");
  }

  @Test
  void aRefusedApplyIsReportedAndRetriedNextRound() {
    CareLoop loop = loop(false);
    loop.round();
    one.stop(0);
    balancer.failNextApply();
    loop.round();
    assertThat(loop.active()).hasSize(2); // unchanged: the kernel refused
    assertThat(messages())
        .contains("ERROR could not apply the rules for 10.0.0.100:6443: refused (retrying in 1 s)");
    loop.round();
    assertThat(loop.active()).containsExactly(vs.realServers().get(1));
  }

  @Test
  void runAppliesEverythingThenCaresUntilStoppedAndKeepsTheRules() throws Exception {
    CareLoop loop = loop(false);
    Thread thread = new Thread(loop::run);
    thread.start();
    waitFor(() -> messages().stream().anyMatch(m -> m.contains("caring for")));
    assertThat(balancer.applied().get(0)).isEqualTo(vs); // all configured servers first
    assertThat(vipPresent).isTrue();
    loop.stop();
    assertThat(loop.awaitStopped(Duration.ofSeconds(5))).isTrue();
    thread.join(5000);
    assertThat(balancer.kernel()).isEqualTo(vs);
    assertThat(vipPresent).isTrue();
    assertThat(messages()).contains("INFO stopping: the rules for 10.0.0.100:6443 stay in place");
  }

  @Test
  void cleanOnStopRemovesTheRulesAndTheVip() throws Exception {
    CareLoop loop = loop(true);
    Thread thread = new Thread(loop::run);
    thread.start();
    waitFor(() -> messages().stream().anyMatch(m -> m.contains("caring for")));
    loop.stop();
    assertThat(loop.awaitStopped(Duration.ofSeconds(5))).isTrue();
    thread.join(5000);
    assertThat(balancer.kernel()).isNull();
    assertThat(vipPresent).isFalse();
    assertThat(messages()).contains("INFO removed the VIP 10.0.0.100 from lo");
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
