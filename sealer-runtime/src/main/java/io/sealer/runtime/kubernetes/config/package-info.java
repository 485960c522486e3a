/**
 * The kubeadm configuration of a Kubernetes cluster (spec §4.7): the Clusterfile's kubeadm, kubelet
 * and kube-proxy documents, the values Sealer forces, the image's {@code etc/kubeadm.yml} and the
 * built-in defaults merged in that order of precedence, with the kubeadm apiVersion chosen by the
 * Kubernetes version, written as multi-document YAML. Entry: {@link
 * io.sealer.runtime.kubernetes.config.KubeadmConfigBuilder}.
 */
@NullMarked
package io.sealer.runtime.kubernetes.config;

import org.jspecify.annotations.NullMarked;
