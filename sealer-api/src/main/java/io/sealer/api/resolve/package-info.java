/**
 * One place that resolves a stored image for a platform: name or id plus platform to the manifest,
 * config, layers, Sealer extension and cached container images of that variant ({@link
 * io.sealer.api.resolve.ImageResolver}, {@link io.sealer.api.resolve.ResolvedImage}). Inspect,
 * mount, the builder's {@code FROM} and the runtime's per-host mounts all go through it. It sits
 * above {@code api.image} and {@code api.build} because a resolved image holds types of both.
 */
@NullMarked
package io.sealer.api.resolve;

import org.jspecify.annotations.NullMarked;
