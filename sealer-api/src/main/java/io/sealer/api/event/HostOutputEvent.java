package io.sealer.api.event;

import java.util.Objects;

/**
 * One line a command printed on a host.
 *
 * @param host the host's address
 * @param stderr true for a line of stderr, false for stdout
 * @param line the text, without its line end
 */
public record HostOutputEvent(String host, boolean stderr, String line) implements SealerEvent {

  /** Validates the parts. */
  public HostOutputEvent {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(line, "line");
  }
}
