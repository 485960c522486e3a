/**
 * Bytes on disk: the content-addressed blob store (atomic writes, digests checked while streaming,
 * large blobs written with direct I/O by {@code BlobFileSink}), and reproducible tar.gz layers with
 * OCI whiteouts and a path-traversal guard ({@code LayerWriter}, {@code LayerReader}). Plain
 * classes without Guice, used by sealer-image.
 *
 * <p>One piece of static state exists here, shared by every store in the JVM: {@code BlobFileSink}
 * keeps a pool of up to eight aligned 1 MiB direct-I/O buffers and a cache of the block size per
 * directory (looked up once from the mount table). Neither holds data of a blob after a write.
 */
@NullMarked
package io.sealer.filesystem;

import org.jspecify.annotations.NullMarked;
