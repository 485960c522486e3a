package io.sealer.api.cluster;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A whole Clusterfile: the Cluster and the documents that come with it.
 *
 * @param cluster the (last) Cluster document
 * @param configs the Config documents, in order
 * @param plugins the Plugin documents, in order
 * @param application the (last) Application document, or null
 * @param kubeadm the kubeadm, kubelet and kube-proxy documents, in order
 */
public record Clusterfile(
    Cluster cluster,
    List<Config> configs,
    List<Plugin> plugins,
    @Nullable Application application,
    List<KubeadmDocument> kubeadm) {
  /** Copies the lists. */
  public Clusterfile {
    configs = List.copyOf(configs);
    plugins = List.copyOf(plugins);
    kubeadm = List.copyOf(kubeadm);
  }

  /** This Clusterfile with another Cluster document. */
  public Clusterfile withCluster(Cluster newCluster) {
    return new Clusterfile(newCluster, configs, plugins, application, kubeadm);
  }
}
