/**
 * Launching applications on master0: {@link io.sealer.guest.LaunchPlan} resolves the image's {@code
 * LAUNCH}, {@code CMDS} and {@code APPCMDS} against the Cluster and Application documents of a
 * Clusterfile (spec §4.6, §6.6).
 */
@NullMarked
package io.sealer.guest;

import org.jspecify.annotations.NullMarked;
