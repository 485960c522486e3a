/**
 * Putting a mounted ClusterImage's rootfs onto hosts: a {@link
 * io.sealer.api.distribute.Distributor} sends each host only what it lacks, as one stream over its
 * existing connection, and reports every host's {@link io.sealer.api.distribute.HostDistribution
 * outcome}.
 */
@NullMarked
package io.sealer.api.distribute;

import org.jspecify.annotations.NullMarked;
