/**
 * Rootfs distribution: {@link io.sealer.filesystem.distribute.RootfsDistributor} puts a mounted
 * image's files onto hosts through {@link io.sealer.api.host.RemoteHost}, sending each host one tar
 * stream of what it lacks, checked on the host before anything is moved into place. The host side
 * is the commented script {@code host-sync.sh} beside these classes; docs/distribution.md describes
 * the record, staging, resume and verification.
 */
@NullMarked
package io.sealer.filesystem.distribute;

import org.jspecify.annotations.NullMarked;
