package io.sealer.api.event;

import java.util.Objects;

/**
 * A message for the person running Sealer.
 *
 * @param level how important it is
 * @param message the text, one line, never holding a password
 */
public record LogEvent(Level level, String message) implements SealerEvent {

  /** Importance of a log event. */
  public enum Level {
    /** Details shown only with {@code --debug}. */
    DEBUG,
    /** Normal progress messages; hidden by {@code --quiet}. */
    INFO,
    /** Something the user should know about, though the work goes on. */
    WARN,
    /** A failure; the work stops. */
    ERROR
  }

  /** Validates the parts. */
  public LogEvent {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }

  /** A debug event. */
  public static LogEvent debug(String message) {
    return new LogEvent(Level.DEBUG, message);
  }

  /** An info event. */
  public static LogEvent info(String message) {
    return new LogEvent(Level.INFO, message);
  }

  /** A warning event. */
  public static LogEvent warn(String message) {
    return new LogEvent(Level.WARN, message);
  }
}
