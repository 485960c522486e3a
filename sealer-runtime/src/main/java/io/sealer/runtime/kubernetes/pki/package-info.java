/**
 * The Kubernetes cluster's certificates and kubeconfigs, made on this machine with BouncyCastle
 * before kubeadm runs (spec §6.3 steps 2-3): the three authorities (kubernetes, front-proxy, etcd),
 * the leaf certificates kubeadm expects under {@code pki/}, the service-account key pair, and the
 * admin, controller-manager, scheduler and kubelet kubeconfigs. {@link
 * io.sealer.runtime.kubernetes.pki.KubernetesPki} is the entry point; everything else is
 * package-private.
 */
@NullMarked
package io.sealer.runtime.kubernetes.pki;

import org.jspecify.annotations.NullMarked;
