/**
 * {@code sealer alpha mount}: images extracted into directories under {@code <root>/mounts} with
 * the copy snapshot driver. Public only through {@link io.sealer.api.image.ImageMounts}.
 */
@NullMarked
package io.sealer.image.mount;

import org.jspecify.annotations.NullMarked;
