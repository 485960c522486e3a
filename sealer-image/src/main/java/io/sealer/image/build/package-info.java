/**
 * {@code sealer build} without a container engine ({@link io.sealer.api.build.ImageBuilder}, bound
 * by {@link io.sealer.image.build.BuildModule}): the Kubefile builder keeps a rootfs directory per
 * build, starts it from the base image resolved for the build's platform, makes COPY/ADD/APP layers
 * from the context and RUN layers from a before/after diff of the rootfs, and reuses layers from a
 * cache keyed by parent chain + instruction + input digest. Around it: application type detection,
 * discovery of the container images a ClusterImage needs (files, charts, image lists) and their
 * caching into a registry v2 storage layout, and the {@code .sealerignore} matcher. All of it is
 * package-private except {@link io.sealer.image.build.ImageExtensionJson}, the JSON of the two
 * {@code sealer.*} annotations, which the image resolver reads with; see docs/build.md.
 */
@NullMarked
package io.sealer.image.build;

import org.jspecify.annotations.NullMarked;
