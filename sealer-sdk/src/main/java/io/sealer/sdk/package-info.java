/**
 * The entry point for programs that embed Sealer: Sealer.builder().root(dir).build() hands out
 * every service with signatures of io.sealer.api and JDK types only. The image side is wired by
 * hand (ImageSide), the cluster side by Guice on first use; callers need not know it.
 */
@NullMarked
package io.sealer.sdk;

import org.jspecify.annotations.NullMarked;
