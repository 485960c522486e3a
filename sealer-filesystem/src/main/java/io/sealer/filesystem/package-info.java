/**
 * Bytes on disk: the content-addressed blob store (atomic writes, digests checked while streaming),
 * reproducible tar.gz layers with OCI whiteouts and a path-traversal guard, snapshot drivers
 * (overlay as root on Linux, copy everywhere) and mounts.
 */
@NullMarked
package io.sealer.filesystem;

import org.jspecify.annotations.NullMarked;
