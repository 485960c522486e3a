package io.sealer.runtime.kubernetes.config;

import io.sealer.api.SealerException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes version such as {@code v1.22.15} (a leading {@code v} and any pre-release or build
 * suffix are allowed), and the one rule that maps it to a kubeadm config apiVersion.
 */
record KubeVersion(int major, int minor, int patch) implements Comparable<KubeVersion> {
  private static final Pattern FORM =
      Pattern.compile("v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?(?:[-+][0-9A-Za-z.+-]*)?");

  static final KubeVersion V1_15_0 = new KubeVersion(1, 15, 0);
  static final KubeVersion V1_23_0 = new KubeVersion(1, 23, 0);
  static final KubeVersion V1_31_0 = new KubeVersion(1, 31, 0);

  static KubeVersion parse(String text, String source) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new SealerException(
          "could not read kubernetesVersion "
              + quote(text)
              + " from "
              + source
              + ": expected a version such as v1.22.15");
    }
    return new KubeVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  /**
   * The kubeadm config apiVersion for this version: spec §4.7 ({@code > v1.23.0} → v1beta3, {@code
   * > v1.15.0} → v1beta2, else v1beta1), plus v1beta4 from v1.31.0, the release that introduced it
   * (the spec's reference predates it; v1beta3 is deprecated there).
   */
  String kubeadmApiVersion() {
    if (compareTo(V1_31_0) >= 0) {
      return "kubeadm.k8s.io/v1beta4";
    }
    if (compareTo(V1_23_0) > 0) {
      return "kubeadm.k8s.io/v1beta3";
    }
    if (compareTo(V1_15_0) > 0) {
      return "kubeadm.k8s.io/v1beta2";
    }
    return "kubeadm.k8s.io/v1beta1";
  }

  @Override
  public int compareTo(KubeVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return "v" + major + "." + minor + "." + patch;
  }

  private static String quote(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
    return "\"" + shown.replaceAll("\\p{Cntrl}", "?") + "\"";
  }
}
