package io.sealer.guest;

import io.sealer.api.SealerException;
import io.sealer.api.build.ImageApplication;
import io.sealer.api.build.ImageExtension;
import io.sealer.api.cluster.AppConfig;
import io.sealer.api.cluster.Application;
import io.sealer.api.cluster.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What runs on master0 once the cluster is up (spec §4.6, §6.6), worked out from the image's {@code
 * LAUNCH}/{@code CMDS}/{@code APPCMDS}, the Cluster's {@code cmd}/{@code appNames} (and {@code
 * --cmds}/{@code --apps}) and the Application document. Each command runs from the cluster rootfs
 * directory, in order.
 */
public final class LaunchPlan {
  private LaunchPlan() {}

  /**
   * The launch commands, in order: raw commands if any were given (Application {@code cmds}, else
   * Cluster {@code cmd}), else the image's {@code CMDS}, else the launch commands of the apps
   * chosen (Application {@code launchApps}, else Cluster {@code appNames}, else the image's {@code
   * LAUNCH}), an app's command replaced by its config's {@code launch.cmds} when given.
   *
   * @throws SealerException naming an app that the image does not have
   */
  public static List<String> commands(
      ImageExtension image, Cluster cluster, @Nullable Application application) {
    if (application != null && !application.cmds().isEmpty()) {
      return nonBlank(application.cmds());
    }
    if (!cluster.cmd().isEmpty()) {
      return nonBlank(cluster.cmd());
    }
    if (!image.launch().cmds().isEmpty()) {
      return nonBlank(image.launch().cmds());
    }
    List<String> apps =
        application != null && application.launchApps() != null
            ? application.launchApps()
            : cluster.appNames() != null ? cluster.appNames() : image.launch().appNames();
    List<String> out = new ArrayList<>();
    for (String name : apps) {
      if (name.isBlank()) {
        continue;
      }
      ImageApplication app =
          image
              .application(name)
              .orElseThrow(
                  () ->
                      new SealerException(
                          "could not launch app "
                              + name
                              + ": the image has no such app"
                              + appList(image)));
      Optional<AppConfig> config = configOf(application, name);
      if (config.isPresent() && config.get().launchCmds() != null) {
        out.add("cd " + app.appRoot() + " && " + String.join(" && ", config.get().launchCmds()));
      } else {
        String command = app.launchCommand();
        if (!command.isBlank()) {
          out.add(command);
        }
      }
    }
    return out;
  }

  private static Optional<AppConfig> configOf(@Nullable Application application, String name) {
    if (application == null) {
      return Optional.empty();
    }
    return application.configs().stream().filter(c -> c.name().equals(name)).findFirst();
  }

  private static String appList(ImageExtension image) {
    List<String> names = image.applications().stream().map(ImageApplication::name).toList();
    return names.isEmpty() ? " (it has none)" : " (it has " + String.join(", ", names) + ")";
  }

  private static List<String> nonBlank(List<String> cmds) {
    return cmds.stream().filter(c -> !c.isBlank()).toList();
  }
}
