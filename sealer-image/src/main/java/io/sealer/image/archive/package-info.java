/**
 * {@code sealer save} and {@code sealer load}: OCI and Docker archives streamed between a tar file
 * and the local store, blobs verified by digest, multi-platform images in Sealer's nested layout.
 * Public only through {@link io.sealer.api.image.ImageArchives}.
 */
@NullMarked
package io.sealer.image.archive;

import org.jspecify.annotations.NullMarked;
