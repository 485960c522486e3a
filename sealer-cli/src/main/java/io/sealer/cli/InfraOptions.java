package io.sealer.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sealer.api.SealerException;
import io.sealer.api.infra.InfraEnvironment;
import io.sealer.api.infra.InfraProvider;
import io.sealer.api.infra.InfraRequest;
import io.sealer.api.infra.ProvisionedHost;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sealer alpha infra up|down|list}: environments of hosts from an infra provider. Its
 * options are delegated into {@link AlphaCommand}.
 */
final class InfraOptions {
  @Parameter(
      names = "--provider",
      description = "infra: local (hosts on this machine) or baremetal")
  String provider = "local";

  @Parameter(
      names = "--hosts",
      description = "infra up: how many hosts (local), or their IPs, comma-separated (baremetal)")
  String hosts;

  @Parameter(names = "--name", description = "infra: the environment's name (default sealer)")
  String name = InfraRequest.DEFAULT_NAME;

  @Parameter(
      names = "--subnet",
      description = "infra up: the hosts' private /24 (local; default: a free one in 10.240-249.x)")
  String subnet;

  @Parameter(names = "--json", description = "infra up/list: print the environment as JSON")
  boolean json;

  @Parameter(names = "--show-password", description = "infra list: also print the root password")
  boolean showPassword;

  /** Runs {@code up}, {@code down} or {@code list}; {@code args} starts after "infra". */
  int run(CommandContext context, List<String> args) throws Exception {
    if (args.size() != 1) {
      throw new ParameterException("infra needs one of: up, down, list");
    }
    if (!name.matches("[a-z][a-z0-9]{0,9}")) {
      throw new ParameterException(
          "--name " + name + ": a lower-case letter followed by up to 9 letters or digits");
    }
    InfraProvider infra = context.sealer().infra(provider);
    return switch (args.get(0)) {
      case "up" -> up(context, infra);
      case "down" -> down(context, infra);
      case "list" -> list(context, infra);
      default -> throw new ParameterException("unknown infra subcommand " + args.get(0));
    };
  }

  private int up(CommandContext context, InfraProvider infra) throws Exception {
    if (hosts == null || hosts.isBlank()) {
      throw new ParameterException("infra up needs --hosts");
    }
    InfraEnvironment env;
    try {
      InfraRequest request =
          hosts.chars().allMatch(Character::isDigit) && hosts.length() < 5
              ? InfraRequest.ofCount(name, Integer.parseInt(hosts))
              : InfraRequest.ofAddresses(name, Arrays.asList(hosts.split(",")));
      if (subnet != null) {
        request = request.withOption("subnet", subnet);
      }
      env = infra.up(request);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(e.getMessage());
    }
    LocalHosts.trustMade(context, env.hosts());
    if (json) {
      printJson(context, env);
    } else {
      for (ProvisionedHost host : env.hosts()) {
        context.out().println(host.name() + " " + host.address());
      }
    }
    return SealerCli.OK;
  }

  private int down(CommandContext context, InfraProvider infra) {
    if (!LocalHosts.downAndForget(context, infra, name)) {
      context.events().onEvent(io.sealer.api.event.LogEvent.info("nothing to remove for " + name));
    }
    return SealerCli.OK;
  }

  private int list(CommandContext context, InfraProvider infra) throws Exception {
    InfraEnvironment env =
        infra
            .status(name)
            .orElseThrow(
                () ->
                    new SealerException(
                        "could not find "
                            + provider
                            + " environment "
                            + name
                            + " (make it with 'sealer alpha infra up')"));
    if (json) {
      printJson(context, env);
      return SealerCli.OK;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "ADDRESS", "STATE"});
    for (ProvisionedHost host : env.hosts()) {
      rows.add(new String[] {host.name(), host.address(), host.running() ? "running" : "stopped"});
    }
    Table.print(context.out(), rows);
    if (showPassword && !env.hosts().isEmpty() && env.hosts().get(0).access().password() != null) {
      context.out().println("password: " + env.hosts().get(0).access().password());
    }
    if (env.stateDir() != null && !env.hosts().isEmpty()) {
      context
          .err()
          .println(
              "log in with: ssh -F "
                  + env.stateDir().resolve("ssh_config")
                  + " "
                  + env.hosts().get(0).name());
    }
    return SealerCli.OK;
  }

  private void printJson(CommandContext context, InfraEnvironment env) throws Exception {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", env.name());
    root.put("provider", env.provider());
    root.put("subnet", env.subnet());
    root.put("gateway", env.gateway());
    root.put("stateDir", env.stateDir() == null ? null : env.stateDir().toString());
    List<Map<String, Object>> hostList = new ArrayList<>();
    for (ProvisionedHost host : env.hosts()) {
      Map<String, Object> h = new LinkedHashMap<>();
      h.put("name", host.name());
      h.put("address", host.address());
      h.put("port", host.access().port());
      h.put("user", host.access().user());
      h.put(
          "privateKey",
          host.access().privateKey() == null ? null : host.access().privateKey().toString());
      h.put("knownHosts", host.knownHosts() == null ? null : host.knownHosts().toString());
      if (showPassword) {
        h.put("password", host.access().password());
      }
      h.put("running", host.running());
      hostList.add(h);
    }
    root.put("hosts", hostList);
    context
        .out()
        .println(
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
  }
}
