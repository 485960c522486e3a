/**
 * The public face of Sealer for Java: immutable value types ({@link io.sealer.api.ImageReference},
 * {@link io.sealer.api.Digest}, {@link io.sealer.api.Platform}), where settings and per-user files
 * live ({@link io.sealer.api.SealerSettings}, {@link io.sealer.api.UserPaths}: {@code $HOME}, not
 * Java's {@code user.home}), the {@link io.sealer.api.SealerException} family, and the log and
 * progress events that libraries emit instead of printing.
 *
 * <p>This package depends on the JDK only. Sub-packages hold the models and service interfaces of
 * each area (Kubefile and Clusterfile models, the image store, the registry client, the builder,
 * the image resolver, remote hosts). No implementation type of another module may appear in a
 * signature here; an ArchUnit test guards that.
 */
@NullMarked
package io.sealer.api;

import org.jspecify.annotations.NullMarked;
