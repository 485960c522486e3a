package io.sealer.api.build;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One application of a ClusterImage: the files an {@code APP}/{@code CNI}/{@code CSI} instruction
 * copied into {@code application/apps/<name>/}, with the env of {@code APPENV} and the commands of
 * {@code APPCMDS}.
 *
 * @param name the application name
 * @param type the detected type
 * @param files the launch files, relative to the application root (kube and shell), or {@code
 *     [name]} for a Helm chart
 * @param version the application schema version, {@code v1}
 * @param env the application env, in declaration order
 * @param cmds the {@code APPCMDS} items, empty if none
 */
public record ImageApplication(
    String name,
    AppType type,
    List<String> files,
    String version,
    Map<String, String> env,
    List<String> cmds) {

  /** The application schema version Sealer writes. */
  public static final String VERSION_V1 = "v1";

  /** Where applications live inside the rootfs. */
  public static final String APPS_ROOT = "application/apps/";

  /** Validates and copies the parts. */
  public ImageApplication {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(version, "version");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("application name is empty");
    }
    files = List.copyOf(files);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    cmds = List.copyOf(cmds);
  }

  /** A {@code v1} application with no env and no commands. */
  public static ImageApplication of(String name, AppType type, List<String> files) {
    return new ImageApplication(name, type, files, VERSION_V1, Map.of(), List.of());
  }

  /** A copy with the given env. */
  public ImageApplication withEnv(Map<String, String> newEnv) {
    return new ImageApplication(name, type, files, version, newEnv, cmds);
  }

  /** A copy with the given {@code APPCMDS}. */
  public ImageApplication withCmds(List<String> newCmds) {
    return new ImageApplication(name, type, files, version, env, newCmds);
  }

  /** The application root relative to the rootfs, {@code application/apps/<name>/}. */
  public String appRoot() {
    return APPS_ROOT + name + "/";
  }

  /**
   * The command that launches this application from the cluster rootfs directory, as Sealer makes
   * it: {@code cd <appRoot> && <cmds joined by spaces>} if {@code APPCMDS} was given; else {@code
   * kubectl apply -f <file>} (kube) or {@code bash <file>} (shell) for each file, joined with
   * {@code " && "}, or {@code helm install <name> <appRoot>} (helm); "" for an undetected type.
   */
  public String launchCommand() {
    String root = appRoot();
    if (!cmds.isEmpty()) {
      return "cd " + root + " && " + String.join(" ", cmds);
    }
    List<String> parts = new ArrayList<>();
    switch (type) {
      case KUBE -> files.forEach(f -> parts.add("kubectl apply -f " + joinClean(root, f)));
      case SHELL -> files.forEach(f -> parts.add("bash " + joinClean(root, f)));
      case HELM -> parts.add("helm install " + name + " " + root);
      case UNKNOWN -> {}
    }
    return String.join(" && ", parts);
  }

  /** Joins two slash paths and cleans the result the way Go's {@code filepath.Join} does. */
  static String joinClean(String first, String second) {
    String joined = first + "/" + second;
    boolean absolute = joined.startsWith("/");
    Deque<String> out = new ArrayDeque<>();
    for (String part : joined.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..") && !out.isEmpty() && !out.peekLast().equals("..")) {
        out.removeLast();
      } else if (!(part.equals("..") && absolute)) {
        out.addLast(part);
      }
    }
    String result = String.join("/", out);
    return absolute ? "/" + result : result.isEmpty() ? "." : result;
  }
}
