/**
 * The local image store: an OCI image layout under {@code <root>/images} whose {@code index.json}
 * doubles as the name index, guarded by file locks so several {@code sealer} processes can share
 * it. Public only through {@link io.sealer.api.image.ImageStore}.
 */
@NullMarked
package io.sealer.image.store;

import org.jspecify.annotations.NullMarked;
