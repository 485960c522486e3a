package io.sealer.runtime;

/** Quoting for the shell text that runs on hosts. */
final class Shell {
  private Shell() {}

  /** {@code text} as one single-quoted shell word. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
