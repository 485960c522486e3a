/**
 * The image resolver: name or id plus platform to one checked variant of a stored image ({@link
 * io.sealer.api.resolve.ResolvedImage}), and Sealer's {@code inspect} JSON of it. Public only
 * through {@link io.sealer.api.resolve.ImageResolver}; reads the Sealer annotations with {@code
 * io.sealer.image.build.ImageExtensionJson}.
 */
@NullMarked
package io.sealer.image.resolve;

import org.jspecify.annotations.NullMarked;
