package io.sealer.ipvs;

import io.sealer.api.event.LogEvent;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;

/**
 * A test fixture: the care command as a process of its own, so NftablesCareIT can run it inside a
 * network namespace ({@code ip netns exec lvt-client java ...}) and stop it with SIGTERM. It drives
 * the same public API as {@code sealer ipvs care}; log events go to stderr with a timestamp.
 *
 * <p>Arguments: {@code run-once|clean|care VIP:PORT INTERVAL_SECONDS CLEAN_ON_STOP RS...}.
 */
final class CareProcess {
  private CareProcess() {}

  public static void main(String[] args) {
    String mode = args[0];
    VirtualServer vs = VirtualServer.parse(args[1], Arrays.asList(args).subList(4, args.length));
    Duration interval = Duration.ofSeconds(Long.parseLong(args[2]));
    boolean clean = Boolean.parseBoolean(args[3]);
    Lvscare lvscare =
        Lvscare.builder()
            .events(
                event -> {
                  if (event instanceof LogEvent log) {
                    System.err.println(LocalTime.now() + " " + log.level() + " " + log.message());
                  }
                })
            .build();
    switch (mode) {
      case "run-once" -> lvscare.apply(vs);
      case "clean" -> lvscare.clean(vs.vip());
      case "care" ->
          lvscare
              .care(
                  vs,
                  new HealthCheck(HealthCheck.Scheme.HTTP, "/healthz", interval),
                  interval,
                  clean)
              .runUntilShutdown(Duration.ofSeconds(10));
      default -> throw new IllegalArgumentException("unknown mode " + mode + " " + List.of(args));
    }
  }
}
