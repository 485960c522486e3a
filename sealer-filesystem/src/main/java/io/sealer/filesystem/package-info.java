/**
 * Bytes on disk: the content-addressed blob store (atomic writes, digests checked while streaming,
 * disk writes started early by {@code WriteBehind}), and reproducible tar.gz layers with OCI
 * whiteouts and a path-traversal guard ({@code LayerWriter}, {@code LayerReader}). Plain classes
 * without Guice, used by sealer-image.
 *
 * <p>One piece of static state exists here, shared by every store in the JVM: {@code WriteBehind}
 * keeps two daemon threads that start the disk writes of blobs being written ({@code fdatasync}
 * every 4 MiB); they hold no data.
 */
@NullMarked
package io.sealer.filesystem;

import org.jspecify.annotations.NullMarked;
