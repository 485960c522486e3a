package io.sealer.api.cluster;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One {@code spec.configs[]} entry of an Application: settings of one app of the image.
 *
 * @param name the app name
 * @param env {@code KEY=VALUE} strings merged over the app's env from the image
 * @param files files written into the app directory
 * @param launchCmds commands replacing the app's launch command, or null to keep it
 */
public record AppConfig(
    String name, List<String> env, List<AppFile> files, @Nullable List<String> launchCmds) {
  /** Copies the lists. */
  public AppConfig {
    env = List.copyOf(env);
    files = List.copyOf(files);
    launchCmds = launchCmds == null ? null : List.copyOf(launchCmds);
  }
}
