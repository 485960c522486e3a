/**
 * Talking to OCI and Docker registries: {@link io.sealer.api.registry.RegistryClient} logs in,
 * pushes images from the local {@link io.sealer.api.image.ImageStore} and pulls them into it;
 * failures are {@link io.sealer.api.registry.RegistryException}s naming the registry.
 */
@NullMarked
package io.sealer.api.registry;

import org.jspecify.annotations.NullMarked;
