/**
 * Launching applications on master0: resolving APP, LAUNCH, CMDS and APPCMDS of the image extension
 * against the Application documents of a Clusterfile. Arrives with the Run milestone.
 */
@NullMarked
package io.sealer.guest;

import org.jspecify.annotations.NullMarked;
