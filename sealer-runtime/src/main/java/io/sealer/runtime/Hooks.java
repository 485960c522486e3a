package io.sealer.runtime;

import io.sealer.api.SealerException;
import io.sealer.api.cluster.Plugin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SHELL hooks of a run (spec §4.5, §6.8): the image's {@code plugins/} documents followed by
 * the Clusterfile's, selected by phase and, for host phases, by the roles of a host. Hooks of one
 * phase run sorted by name. Unlike Sealer, an empty scope selects every host (Sealer's selects
 * none, which makes a hook without a scope silently do nothing).
 */
final class Hooks {
  /** Phases that run once, on master0. */
  static final Set<String> CLUSTER_PHASES =
      Set.of(
          "pre-install",
          "post-install",
          "pre-scaleup",
          "post-scaleup",
          "pre-uninstall",
          "post-uninstall",
          "upgrade",
          "rollback");

  /** Phases that run on each host in scope. */
  static final Set<String> HOST_PHASES =
      Set.of(
          "pre-init-host", "post-init-host", "pre-clean-host", "post-clean-host", "upgrade-host");

  private final List<Plugin> plugins;

  Hooks(List<Plugin> plugins) {
    for (Plugin p : plugins) {
      if (!p.type().toUpperCase(Locale.ROOT).equals("SHELL")) {
        throw new SealerException(
            "hook type: " + p.type() + " is not registered (" + p.name() + ")");
      }
      for (String phase : phases(p)) {
        if (!CLUSTER_PHASES.contains(phase) && !HOST_PHASES.contains(phase)) {
          throw new SealerException(
              "plugin "
                  + p.name()
                  + " names an unknown phase '"
                  + phase
                  + "'; known: "
                  + String.join(", ", new java.util.TreeSet<>(allPhases())));
        }
      }
    }
    this.plugins = List.copyOf(plugins);
  }

  /** The hooks of a cluster phase (run on master0), sorted by name. */
  List<Plugin> cluster(String phase) {
    return select(phase, null);
  }

  /** The hooks of a host phase for a host with these roles, sorted by name. */
  List<Plugin> host(String phase, Collection<String> roles) {
    return select(phase, roles);
  }

  private List<Plugin> select(String phase, Collection<String> roles) {
    List<Plugin> out = new ArrayList<>();
    for (Plugin p : plugins) {
      if (!phases(p).contains(phase)) {
        continue;
      }
      List<String> scope = split(p.scope());
      if (roles == null || scope.isEmpty() || scope.stream().anyMatch(roles::contains)) {
        out.add(p);
      }
    }
    out.sort(Comparator.comparing(Plugin::name));
    return out;
  }

  /** The shell text that runs a hook from the cluster rootfs on a host. */
  static String script(Plugin hook, String rootfs, String phase) {
    String cd = "cd " + Shell.quote(rootfs) + " && " + hook.data();
    return phase.endsWith("clean-host") || phase.endsWith("uninstall")
        ? "if [ ! -d " + Shell.quote(rootfs) + " ]; then exit 0; fi; " + cd
        : cd;
  }

  private static List<String> phases(Plugin p) {
    return split(p.action());
  }

  private static List<String> split(String joined) {
    return Arrays.stream(joined.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static Set<String> allPhases() {
    Set<String> all = new java.util.HashSet<>(CLUSTER_PHASES);
    all.addAll(HOST_PHASES);
    return all;
  }
}
