/**
 * Events that libraries emit instead of printing: {@link io.sealer.api.event.LogEvent} for messages
 * and {@link io.sealer.api.event.ProgressEvent} for long work. A caller passes one {@link
 * io.sealer.api.event.EventListener}; the CLI renders events as lines and progress bars, an
 * embedder may forward them to its own logging.
 */
@NullMarked
package io.sealer.api.event;

import org.jspecify.annotations.NullMarked;
