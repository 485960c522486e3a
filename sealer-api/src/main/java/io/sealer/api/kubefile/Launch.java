package io.sealer.api.kubefile;

import java.util.List;

/**
 * What the image launches at run time. At most one of the two lists is non-empty: LAUNCH names
 * applications, CMDS and CMD give raw commands.
 *
 * @param appNames the applications of LAUNCH, in order
 * @param cmds the commands of CMDS and CMD, in the order written
 */
public record Launch(List<String> appNames, List<String> cmds) {
  /** Nothing to launch. */
  public static final Launch NONE = new Launch(List.of(), List.of());

  /** Copies the lists. */
  public Launch {
    appNames = List.copyOf(appNames);
    cmds = List.copyOf(cmds);
  }

  /** True if neither apps nor commands are given. */
  public boolean isEmpty() {
    return appNames.isEmpty() && cmds.isEmpty();
  }
}
