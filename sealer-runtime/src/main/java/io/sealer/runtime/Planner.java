package io.sealer.runtime;

import io.sealer.api.cluster.Cluster;
import io.sealer.api.cluster.Env;
import io.sealer.api.cluster.HostAlias;
import io.sealer.api.cluster.Plugin;
import io.sealer.api.host.HostCommand;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns an operation into steps (spec §6.2, §6.7, §6.8): host aliases, hooks by phase and scope,
 * the runtime driver's own steps, and launch commands on master0. Each step's inputs digest holds
 * the image id, the command text and the env it runs with, so the journal skips a step only if
 * exactly that ran before.
 */
final class Planner {
  private static final String ALIAS_TAG = "#hostalias-set-by-sealer";

  private final RunContext ctx;
  private final Hooks hooks;

  Planner(RunContext ctx, Hooks hooks) {
    this.ctx = ctx;
    this.hooks = hooks;
  }

  /** The steps of a new cluster after distribution. */
  List<Step> install(RuntimeDriver driver, List<String> launch) {
    List<String> all = ctx.cluster().allIps();
    List<Step> steps = new ArrayList<>();
    steps.addAll(clusterHooks("pre-install"));
    steps.addAll(hostHooks("pre-init-host", all));
    steps.addAll(driver.install(ctx));
    steps.addAll(hostHooks("post-init-host", all));
    steps.addAll(clusterHooks("post-install"));
    steps.addAll(launch(launch));
    return steps;
  }

  /**
   * The steps of {@code sealer upgrade} ({@code phase} "upgrade") or {@code rollback} ("rollback")
   * after distribution: {@code upgrade-host} hooks on every host, the phase's hooks on master0,
   * then the apps asked for.
   */
  List<Step> changeImage(String phase, List<String> launch) {
    List<Step> steps = new ArrayList<>(hostHooks("upgrade-host", ctx.cluster().allIps()));
    steps.addAll(clusterHooks(phase));
    steps.addAll(launch(launch));
    return steps;
  }

  /** The steps that add hosts after distribution to them. */
  List<Step> scaleUp(RuntimeDriver driver, List<String> masters, List<String> nodes) {
    List<String> added = new ArrayList<>(masters);
    added.addAll(nodes);
    List<Step> steps = new ArrayList<>();
    steps.addAll(clusterHooks("pre-scaleup"));
    steps.addAll(hostHooks("pre-init-host", added));
    steps.addAll(driver.join(ctx, masters, nodes));
    steps.addAll(hostHooks("post-init-host", added));
    steps.addAll(clusterHooks("post-scaleup"));
    return steps;
  }

  /** The steps that clean hosts leaving the cluster (or all of it, with {@code whole}). */
  List<Step> clean(RuntimeDriver driver, List<String> hosts, boolean whole, boolean prune) {
    List<Step> steps = new ArrayList<>();
    if (whole) {
      steps.addAll(clusterHooks("pre-uninstall"));
    }
    steps.addAll(hostHooks("pre-clean-host", hosts));
    steps.addAll(driver.reset(ctx, hosts));
    steps.addAll(hostHooks("post-clean-host", hosts));
    if (whole) {
      steps.addAll(clusterHooks("post-uninstall"));
    }
    for (String ip : hosts) {
      steps.add(Step.always("clean", ip, "remove host aliases", () -> run(ip, removeAliases())));
      if (prune) {
        String dir = ctx.rootfs().substring(0, ctx.rootfs().lastIndexOf('/'));
        steps.add(
            Step.always(
                "clean",
                ip,
                "remove " + dir,
                () ->
                    run(
                        ip,
                        "rm -rf "
                            + Shell.quote(dir)
                            + " && { rmdir "
                            + Shell.quote(ctx.cluster().dataRoot())
                            + " 2>/dev/null || true; }")));
      }
    }
    return steps;
  }

  /** The host alias lines on every host (spec §6.2 step 1). */
  List<Step> hostAliases(List<String> hosts) {
    List<HostAlias> aliases = ctx.cluster().hostAliases();
    if (aliases.isEmpty()) {
      return List.of();
    }
    StringBuilder script =
        new StringBuilder(removeAliases()).append(" && cat >> /etc/hosts <<'EOF'\n");
    for (HostAlias a : aliases) {
      script
          .append(a.ip())
          .append(' ')
          .append(String.join(" ", a.hostnames()))
          .append(' ')
          .append(ALIAS_TAG)
          .append('\n');
    }
    script.append("EOF");
    String text = script.toString();
    List<Step> steps = new ArrayList<>();
    for (String ip : hosts) {
      steps.add(
          new Step("host-aliases", ip, "set host aliases", digest(text), () -> run(ip, text)));
    }
    return steps;
  }

  private static String removeAliases() {
    return "tmp=$(mktemp) && grep -v -- '"
        + ALIAS_TAG
        + "$' /etc/hosts > \"$tmp\"; cat \"$tmp\" >"
        + " /etc/hosts && rm -f \"$tmp\"";
  }

  private List<Step> clusterHooks(String phase) {
    String master0 = ctx.cluster().master0();
    if (!ctx.hosts().containsKey(master0)) {
      return List.of(); // removing a cluster whose master0 is gone: its hooks cannot run
    }
    List<Step> steps = new ArrayList<>();
    for (Plugin hook : hooks.cluster(phase)) {
      steps.add(hookStep(phase, master0, hook));
    }
    return steps;
  }

  private List<Step> hostHooks(String phase, List<String> hosts) {
    List<Step> steps = new ArrayList<>();
    for (String ip : hosts) {
      List<String> roles = ctx.cluster().hostOf(ip).map(h -> h.roles()).orElse(List.of());
      for (Plugin hook : hooks.host(phase, roles)) {
        steps.add(hookStep(phase, ip, hook));
      }
    }
    return steps;
  }

  private Step hookStep(String phase, String ip, Plugin hook) {
    String script = Hooks.script(hook, ctx.rootfs(), phase);
    Env env = ctx.envFor(ip);
    String inputs =
        phase.endsWith("clean-host") || phase.endsWith("uninstall")
            ? "" // cleaning runs every time it is asked for
            : digest(ctx.imageId(), script, env.values().toString());
    return new Step(
        phase,
        ip,
        "hook " + hook.name(),
        inputs,
        () -> {
          ctx.host(ip)
              .exec(HostCommand.of(script).withEnv(env.values()).describedAs("hook " + hook.name()))
              .orThrow();
        });
  }

  private List<Step> launch(List<String> commands) {
    String master0 = ctx.cluster().master0();
    Env env = ctx.envFor(master0);
    List<Step> steps = new ArrayList<>();
    int i = 0;
    for (String command : commands) {
      String script = "cd " + Shell.quote(ctx.rootfs()) + " && " + command;
      String action = "launch " + (++i) + ": " + abbreviate(command);
      steps.add(
          new Step(
              "launch",
              master0,
              action,
              digest(ctx.imageId(), script, env.values().toString()),
              () ->
                  ctx.host(master0)
                      .exec(HostCommand.of(script).withEnv(env.values()).describedAs(action))
                      .orThrow()));
    }
    return steps;
  }

  private void run(String ip, String script) {
    ctx.host(ip).exec(HostCommand.of(script).withEnv(ctx.envFor(ip).values())).orThrow();
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ');
    return one.length() <= 60 ? one : one.substring(0, 57) + "...";
  }

  /** A short digest of strings, for step inputs. */
  static String digest(String... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        md.update(p.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cluster's data root on the hosts for a cluster. */
  static String rootfsOf(Cluster cluster) {
    return cluster.dataRoot().replaceAll("/+$", "") + "/" + cluster.name() + "/rootfs";
  }
}
