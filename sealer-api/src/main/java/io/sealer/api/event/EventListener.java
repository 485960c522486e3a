package io.sealer.api.event;

/** Receives the events of a library. Implementations must be thread-safe. */
@FunctionalInterface
public interface EventListener {

  /** A listener that drops every event. */
  EventListener NONE = event -> {};

  /** Called for each event, possibly from several threads at once. */
  void onEvent(SealerEvent event);

  /** Emits a log event. */
  default void log(LogEvent event) {
    onEvent(event);
  }
}
