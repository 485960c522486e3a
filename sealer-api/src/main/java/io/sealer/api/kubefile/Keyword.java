package io.sealer.api.kubefile;

import java.util.Locale;
import java.util.Optional;

/** The instructions a Kubefile may contain (Sealer v0.9+; the v0.8 set is a subset). */
public enum Keyword {
  /** {@code FROM [--platform=os/arch[/variant]] image|scratch}: the base ClusterImage. */
  FROM,
  /** {@code COPY [--flag...] src... dest}: files of the build context into the image. */
  COPY,
  /** {@code ADD src... dest}: as COPY, with URLs and archive extraction. */
  ADD,
  /** {@code RUN command} or JSON form: a command run at build time against the rootfs. */
  RUN,
  /** {@code ARG name[=default] ...}: a build argument. */
  ARG,
  /** {@code ENV k=v ...}: build-time env that also becomes the image's global cluster env. */
  ENV,
  /** {@code LABEL k=v ...}: an image label. */
  LABEL,
  /** {@code MAINTAINER text}: the author. */
  MAINTAINER,
  /** {@code APP name src...}: an application copied to {@code application/apps/<name>/}. */
  APP,
  /** {@code APPCMDS name ["cmd", ...]}: the launch command of an application. */
  APPCMDS,
  /** {@code APPENV name k=v ...}: env of one application. */
  APPENV,
  /** {@code LAUNCH app...}: the applications launched at run time; last and exclusive. */
  LAUNCH,
  /** {@code CMDS cmd...}: raw launch commands; last and exclusive. */
  CMDS,
  /** {@code CMD text}: one raw launch command (deprecated, kept for old Kubefiles). */
  CMD,
  /** {@code CNI name src...}: an APP that is also labelled as the cluster's CNI. */
  CNI,
  /** {@code CSI name src...}: an APP that is also labelled as the cluster's CSI. */
  CSI,
  /** {@code KUBEVERSION constraint}: the Kubernetes versions the image supports. */
  KUBEVERSION;

  /** The keyword for {@code word} in any case, or empty if it is not a Kubefile instruction. */
  public static Optional<Keyword> lookup(String word) {
    String upper = word.toUpperCase(Locale.ROOT);
    for (Keyword k : values()) {
      if (k.name().equals(upper)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** True for APP, CNI and CSI, the instructions that declare an application. */
  public boolean declaresApp() {
    return this == APP || this == CNI || this == CSI;
  }
}
