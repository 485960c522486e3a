/**
 * Running ClusterImages onto hosts: the cluster operations ({@code run}, {@code scale-up}, {@code
 * delete}, {@code exec}, {@code cp}) and how they report per-host failures.
 */
@NullMarked
package io.sealer.api.runtime;

import org.jspecify.annotations.NullMarked;
