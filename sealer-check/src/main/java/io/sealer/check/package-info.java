/**
 * Pre-install and post-install checks of cluster hosts (SSH reachable, unique hostnames, clock
 * skew, architecture, disk, ports, swap; nodes Ready, pods running). Each check is a Checker;
 * nothing here yet beyond the package: it arrives with the Run milestone.
 */
@NullMarked
package io.sealer.check;

import org.jspecify.annotations.NullMarked;
