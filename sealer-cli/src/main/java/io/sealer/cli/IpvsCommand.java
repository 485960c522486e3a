package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.event.EventListener;
import io.sealer.api.event.LogEvent;
import io.sealer.ipvs.BackendKind;
import io.sealer.ipvs.HealthCheck;
import io.sealer.ipvs.Lvscare;
import io.sealer.ipvs.VirtualServer;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sealer ipvs care}: lvscare. Keeps a VIP on this host load-balanced over healthy real
 * servers (IPVS if the kernel has it, else nftables); with {@code --run-once} applies the rules and
 * exits, with {@code --run-once --clean} removes them.
 */
@Parameters(
    commandNames = "ipvs",
    commandDescription =
        "Load-balance a VIP over healthy real servers on this host (lvscare): ipvs care ...")
final class IpvsCommand implements CliCommand {
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

  @ParametersDelegate GlobalOptions global = new GlobalOptions();

  @Parameter(
      names = "--vs",
      description = "The virtual server, VIP:PORT",
      descriptionKey = "VIP:PORT")
  String vs;

  @Parameter(
      names = "--rs",
      description = "A real server, IP:PORT (repeat, or separate with commas)",
      descriptionKey = "IP:PORT")
  List<String> rs = new ArrayList<>();

  @Parameter(names = "--health-path", description = "The path of the health probe")
  String healthPath = HealthCheck.DEFAULT_PATH;

  @Parameter(
      names = "--health-schem",
      description = "The scheme of the health probe: https or http")
  String healthScheme = "https";

  @Parameter(names = "--interval", description = "Seconds between health probes")
  int interval = 5;

  @Parameter(names = "--run-once", description = "Apply the rules with every real server and exit")
  boolean runOnce;

  @Parameter(
      names = {"-c", "--clean"},
      description =
          "Remove the rules and the VIP when stopped (SIGTERM); with --run-once: remove them now")
  boolean clean;

  @Parameter(
      names = "--backend",
      description = "ipvs or nftables (default: ipvs if the kernel has it, else nftables)")
  String backend;

  @Parameter(description = "care")
  List<String> args = new ArrayList<>();

  @Override
  public int run(CommandContext context) throws Exception {
    if (args.size() > 1 || (args.size() == 1 && !args.get(0).equals("care"))) {
      throw new ParameterException("unknown ipvs subcommand " + String.join(" ", args));
    }
    if (vs == null) {
      throw new ParameterException("--vs VIP:PORT is required");
    }
    boolean removing = runOnce && clean;
    if (rs.isEmpty() && !removing) {
      throw new ParameterException("at least one --rs IP:PORT is required");
    }
    if (interval < 1) {
      throw new ParameterException("--interval must be at least 1 second, not " + interval);
    }
    VirtualServer server;
    HealthCheck check;
    BackendKind kind;
    try {
      List<String> realServers = new ArrayList<>();
      for (String value : rs) {
        realServers.addAll(List.of(value.split(","))); // --rs a,b as Sealer's flag parser allows
      }
      server = VirtualServer.parse(vs, realServers);
      check =
          new HealthCheck(
              HealthCheck.Scheme.parse(healthScheme), healthPath, HealthCheck.DEFAULT_TIMEOUT);
      kind = backend == null ? null : BackendKind.parse(backend);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(e.getMessage());
    }
    Lvscare lvscare = Lvscare.builder().events(timestamped(context.events())).backend(kind).build();
    if (removing) {
      lvscare.clean(server.vip());
    } else if (runOnce) {
      lvscare.apply(server);
    } else {
      lvscare
          .care(server, check, Duration.ofSeconds(interval), clean)
          .runUntilShutdown(SHUTDOWN_GRACE);
    }
    return SealerCli.OK;
  }

  /** Log lines of a long-running loop carry the time they happened. */
  private static EventListener timestamped(EventListener console) {
    return event -> {
      if (event instanceof LogEvent log) {
        LocalTime now = LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
        console.onEvent(new LogEvent(log.level(), now + " " + log.message()));
      } else {
        console.onEvent(event);
      }
    };
  }

  @Override
  public String usage() {
    return "care --vs VIP:PORT --rs IP:PORT... [--health-path P] [--health-schem https|http]"
        + " [--interval S] [--run-once] [--clean] [--backend ipvs|nftables]";
  }

  @Override
  public String examples() {
    return """
        sealer ipvs care --vs 10.103.97.2:6443 --rs 192.168.0.2:6443 --rs 192.168.0.3:6443
                                        # keep the API server VIP healthy until SIGTERM
        sealer ipvs care --vs 10.103.97.2:6443 --rs 192.168.0.2:6443 --run-once
                                        # apply the rules once (what a worker does before join)
        sealer ipvs care --vs 10.103.97.2:5000 --rs 192.168.0.2:5000 --health-path / \\
            --health-schem http         # the registry's VIP
        sealer ipvs care --vs 10.103.97.2:6443 --run-once --clean
                                        # remove the rules, and the VIP unless another port uses it""";
  }
}
