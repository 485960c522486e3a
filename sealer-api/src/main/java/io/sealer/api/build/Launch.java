package io.sealer.api.build;

import java.util.List;

/**
 * What runs on master0 once the cluster is up: raw commands from {@code CMDS}/{@code CMD}, or the
 * applications named by {@code LAUNCH}.
 *
 * @param cmds raw launch commands, in order
 * @param appNames the applications to launch, in order (written {@code app_names})
 */
public record Launch(List<String> cmds, List<String> appNames) {

  /** Nothing to launch. */
  public static final Launch NONE = new Launch(List.of(), List.of());

  /** Copies the parts. */
  public Launch {
    cmds = List.copyOf(cmds);
    appNames = List.copyOf(appNames);
  }

  /** A launch of raw commands. */
  public static Launch ofCmds(List<String> cmds) {
    return new Launch(cmds, List.of());
  }

  /** A launch of applications. */
  public static Launch ofApps(List<String> appNames) {
    return new Launch(List.of(), appNames);
  }
}
