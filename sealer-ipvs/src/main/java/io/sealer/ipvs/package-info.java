/**
 * lvscare in Java: client-side HA for the API server (and the HA registry) without an external load
 * balancer. A {@link io.sealer.ipvs.VirtualServer} (a VIP and its real servers) is made real in the
 * kernel by a {@link io.sealer.ipvs.LoadBalancer} backend (IPVS as Sealer does, or nftables for
 * kernels without IPVS); {@link io.sealer.ipvs.Lvscare} applies it once or keeps it healthy with a
 * {@link io.sealer.ipvs.CareLoop}; {@link io.sealer.ipvs.LvscareManifests} writes the {@code
 * kube-lvscare} and {@code reg-lvscare} static pods the Kubernetes runtime installs on workers.
 */
@NullMarked
package io.sealer.ipvs;

import org.jspecify.annotations.NullMarked;
