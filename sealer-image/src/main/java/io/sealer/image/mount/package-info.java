/**
 * {@code sealer alpha mount}: the variant of an image chosen by the image resolver, its layers
 * extracted into a directory under {@code <root>/mounts}. Public only through {@link
 * io.sealer.api.image.ImageMounts}.
 */
@NullMarked
package io.sealer.image.mount;

import org.jspecify.annotations.NullMarked;
