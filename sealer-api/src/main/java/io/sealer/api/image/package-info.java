/**
 * The local image store as other modules see it: content-addressed blobs (layers, configs,
 * manifests) written atomically and checked by digest, and names that point at manifests or
 * manifest lists. The registry client, archives and the builder all move content through {@link
 * io.sealer.api.image.ImageStore}.
 */
@NullMarked
package io.sealer.api.image;

import org.jspecify.annotations.NullMarked;
