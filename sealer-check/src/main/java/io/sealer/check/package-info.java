/**
 * Checks of cluster hosts: {@link io.sealer.check.PreChecks} before anything changes (reachable,
 * unique hostnames, clock skew, architecture, free disk), every problem of every host reported
 * together.
 */
@NullMarked
package io.sealer.check;

import org.jspecify.annotations.NullMarked;
