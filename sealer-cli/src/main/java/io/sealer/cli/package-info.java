/**
 * The sealer command: jcommander commands on top of the SDK, rendering of events (progress bars,
 * tables, --json) and exit codes (0 ok, 1 failure, 2 bad usage).
 */
@NullMarked
package io.sealer.cli;

import org.jspecify.annotations.NullMarked;
