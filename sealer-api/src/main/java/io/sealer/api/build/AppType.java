package io.sealer.api.build;

/**
 * The type of an application of a ClusterImage, detected from the files an {@code APP}, {@code CNI}
 * or {@code CSI} instruction copies. It chooses the default launch command.
 */
public enum AppType {
  /** Kubernetes manifests, launched with {@code kubectl apply -f}. */
  KUBE("kube"),
  /** A Helm chart, launched with {@code helm install}. */
  HELM("helm"),
  /** Shell scripts, launched with {@code bash}. */
  SHELL("shell"),
  /** Not detected; the application needs {@code APPCMDS}. Written as the empty string. */
  UNKNOWN("");

  private final String value;

  AppType(String value) {
    this.value = value;
  }

  /** The value as written in the image extension: {@code kube}, {@code helm}, {@code shell}, "". */
  public String value() {
    return value;
  }

  /** The type for a value of the image extension; unknown values give {@link #UNKNOWN}. */
  public static AppType fromValue(String value) {
    for (AppType type : values()) {
      if (type.value.equals(value)) {
        return type;
      }
    }
    return UNKNOWN;
  }
}
