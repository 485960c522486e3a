package io.sealer.runtime.host;

import java.time.Duration;

/** Durations as messages show them ("15 s", "500 ms"). */
final class Durations {
  private Durations() {}

  static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 == 0) {
      return millis / 1000 + " s";
    }
    return millis + " ms";
  }
}
