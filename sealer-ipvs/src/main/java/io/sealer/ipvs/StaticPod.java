package io.sealer.ipvs;

import java.util.Objects;

/**
 * A static-pod manifest for a worker's kubelet.
 *
 * @param name the pod's name ({@code kube-lvscare}, {@code reg-lvscare})
 * @param path where the manifest goes on the host, {@code /etc/kubernetes/manifests/<name>.yaml}
 * @param yaml the manifest's text, as Kubernetes' own serializer writes a Pod
 */
public record StaticPod(String name, String path, String yaml) {
  /** Validates the parts. */
  public StaticPod {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(yaml, "yaml");
  }
}
