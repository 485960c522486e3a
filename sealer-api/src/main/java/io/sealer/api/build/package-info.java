/**
 * What a ClusterImage build records for the cluster that runs it: the {@code
 * sealer.image.extension} annotation ({@link io.sealer.api.build.ImageExtension} with its
 * applications and launch spec) and the {@code sealer.image.container.images} annotation ({@link
 * io.sealer.api.build.ContainerImage}), in the shape Sealer v0.9+ writes.
 */
@NullMarked
package io.sealer.api.build;

import org.jspecify.annotations.NullMarked;
