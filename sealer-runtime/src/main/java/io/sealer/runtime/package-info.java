/**
 * Running ClusterImages onto hosts: the SSH executor, the cluster service (run, apply, scale,
 * delete, upgrade), install phases, hooks, the local registry and the kubernetes and script runtime
 * drivers. Arrives with the Run milestone.
 */
@NullMarked
package io.sealer.runtime;

import org.jspecify.annotations.NullMarked;
