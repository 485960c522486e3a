package io.sealer.api.kubefile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A parsed Kubefile: its instructions in order, and what they declare.
 *
 * <p>Made by {@link KubefileParser#parse}, which has checked every rule that needs no files: the
 * first instruction other than ARG is FROM, LAUNCH and CMDS come last and alone, CMD is not used
 * with LAUNCH, APP sources are {@code local://}, {@code http://} or {@code https://}, and so on.
 *
 * <p>Applications named by APPCMDS, APPENV and LAUNCH must exist. If the image is built {@code FROM
 * scratch} the parser checks this. Otherwise a name may belong to an application inherited from the
 * base image, which the parser cannot see: {@link #undeclaredApps()} lists those names with the
 * line of their first use, for the builder to check against the base image.
 *
 * @param fileName the file name used in error messages, e.g. {@code Kubefile}
 * @param instructions every instruction, in order
 * @param apps the applications declared by APP, CNI and CSI, by name, in order of first declaration
 *     (a re-declaration replaces the sources)
 * @param appCmds the APPCMDS commands by app name (may name inherited apps)
 * @param appEnv the APPENV env by app name, later values overwrite earlier ones (may name inherited
 *     apps)
 * @param env the global env of ENV instructions, later values overwrite earlier ones
 * @param launch the LAUNCH, CMDS and CMD section
 */
public record Kubefile(
    String fileName,
    List<Instruction> instructions,
    Map<String, KubefileApp> apps,
    Map<String, List<String>> appCmds,
    Map<String, Map<String, String>> appEnv,
    Map<String, String> env,
    Launch launch) {

  /** The image name of {@code FROM scratch}: no base image. */
  public static final String SCRATCH = "scratch";

  /** Copies every part into an unmodifiable, order-keeping structure. */
  public Kubefile {
    Objects.requireNonNull(fileName, "fileName");
    instructions = List.copyOf(instructions);
    apps = copy(apps);
    Map<String, List<String>> cmds = new LinkedHashMap<>();
    appCmds.forEach((k, v) -> cmds.put(k, List.copyOf(v)));
    appCmds = Collections.unmodifiableMap(cmds);
    Map<String, Map<String, String>> envs = new LinkedHashMap<>();
    appEnv.forEach((k, v) -> envs.put(k, copy(v)));
    appEnv = Collections.unmodifiableMap(envs);
    env = copy(env);
    Objects.requireNonNull(launch, "launch");
  }

  private static <K, V> Map<K, V> copy(Map<K, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** The FROM instruction. A parsed Kubefile always has exactly one. */
  public Instruction fromInstruction() {
    return instructions.stream()
        .filter(i -> i.keyword() == Keyword.FROM)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(fileName + " has no FROM"));
  }

  /** The base image reference as written, or {@code scratch}. */
  public String from() {
    return fromInstruction().args().get(0);
  }

  /** True if the image has no base ({@code FROM scratch}, any case). */
  public boolean isScratch() {
    return SCRATCH.equalsIgnoreCase(from());
  }

  /** The {@code --platform} of FROM, if given. */
  public Optional<String> fromPlatform() {
    return Optional.ofNullable(fromInstruction().flags().get("platform"));
  }

  /** ARG names with their defaults (null when none), in order; a later ARG replaces its default. */
  public Map<String, @Nullable String> args() {
    Map<String, @Nullable String> out = new LinkedHashMap<>();
    for (Instruction i : instructions) {
      if (i.keyword() == Keyword.ARG) {
        for (String word : i.args()) {
          int eq = word.indexOf('=');
          if (eq < 0) {
            out.putIfAbsent(word, null);
          } else {
            out.put(word.substring(0, eq), word.substring(eq + 1));
          }
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** LABEL key/values in order; also the labels that CNI, CSI and KUBEVERSION imply. */
  public Map<String, String> labels() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Instruction i : instructions) {
      switch (i.keyword()) {
        case LABEL -> KeyValues.putAll(i.args(), out);
        case CNI -> out.put("cluster.alpha.sealer.io/kube-cni-" + i.args().get(0), "true");
        case CSI -> out.put("cluster.alpha.sealer.io/kube-csi-" + i.args().get(0), "true");
        case KUBEVERSION -> out.put("app.alpha.sealer.io/supported-kube-version", i.args().get(0));
        default -> {}
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** The KUBEVERSION constraint, if given (the last one wins). */
  public Optional<String> kubeVersion() {
    String v = null;
    for (Instruction i : instructions) {
      if (i.keyword() == Keyword.KUBEVERSION) {
        v = i.args().get(0);
      }
    }
    return Optional.ofNullable(v);
  }

  /**
   * App names used by APPCMDS, APPENV or LAUNCH but not declared in this Kubefile, each with the
   * line of its first use. Empty for {@code FROM scratch}, where the parser refuses such names.
   */
  public Map<String, Integer> undeclaredApps() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Instruction i : instructions) {
      List<String> names =
          switch (i.keyword()) {
            case APPCMDS, APPENV -> i.args().subList(0, 1);
            case LAUNCH -> i.args();
            default -> List.of();
          };
      for (String n : names) {
        if (!apps.containsKey(n)) {
          out.putIfAbsent(n, i.line());
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
