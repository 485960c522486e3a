package io.sealer.api.cluster;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code kind: Application} document: what to launch on master0 after install.
 *
 * @param name {@code metadata.name}
 * @param cmds raw commands that replace every other launch command, may be empty
 * @param launchApps the apps to launch, or null to use the image's LAUNCH list
 * @param configs per-app settings
 */
public record Application(
    String name, List<String> cmds, @Nullable List<String> launchApps, List<AppConfig> configs) {
  /** Copies the lists. */
  public Application {
    cmds = List.copyOf(cmds);
    launchApps = launchApps == null ? null : List.copyOf(launchApps);
    configs = List.copyOf(configs);
  }
}
