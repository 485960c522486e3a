/**
 * The Clusterfile model: {@link io.sealer.api.cluster.Clusterfile} holds the {@link
 * io.sealer.api.cluster.Cluster} (hosts, SSH, registry, env), its {@link
 * io.sealer.api.cluster.Config}, {@link io.sealer.api.cluster.Plugin} and {@link
 * io.sealer.api.cluster.Application} documents and the kubeadm documents as structured YAML.
 *
 * <p>Also the small values with rules of their own: {@link io.sealer.api.cluster.IpList} (lists and
 * ranges), {@link io.sealer.api.cluster.Taint} and {@link io.sealer.api.cluster.Env} (merge
 * precedence and the {@code export K="V"; } wrapping of remote commands). {@link
 * io.sealer.api.cluster.ClusterfileCodec} reads and writes the file; {@link
 * io.sealer.api.cluster.TemplateRenderer} renders {@code *.tmpl} files with the cluster env.
 */
@NullMarked
package io.sealer.api.cluster;

import org.jspecify.annotations.NullMarked;
