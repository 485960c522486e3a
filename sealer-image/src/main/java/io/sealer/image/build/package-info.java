/**
 * The parts of {@code sealer build} that do not depend on the Kubefile parser or the image store:
 * application type detection and default launch files ({@link
 * io.sealer.image.build.ApplicationDetector}), the JSON of the two {@code sealer.*} annotations
 * ({@link io.sealer.image.build.ImageExtensionJson}), discovery of the container images a
 * ClusterImage needs ({@link io.sealer.image.build.ContainerImageScanner}, {@link
 * io.sealer.image.build.ImageListWithAuth}), the registry v2 storage layout those images are cached
 * in ({@link io.sealer.image.build.RegistryLayoutWriter}) and the {@code .sealerignore} matcher for
 * COPY sources ({@link io.sealer.image.build.SealerIgnore}).
 */
@NullMarked
package io.sealer.image.build;

import org.jspecify.annotations.NullMarked;
