package io.sealer.api.kubefile;

import java.util.List;
import java.util.Map;

/**
 * Reads {@code k=v} words and the legacy two-word {@code k v} form of ENV, LABEL and APPENV: the
 * one rule shared by the AST's accessors and the parser.
 */
public final class KeyValues {
  private KeyValues() {}

  /**
   * Adds the pairs of {@code words} to {@code out}, later keys overwriting earlier ones; words
   * without {@code =} (or starting with it) are ignored, as Sealer does.
   */
  public static void putAll(List<String> words, Map<String, String> out) {
    if (words.size() >= 2 && words.get(0).indexOf('=') < 0) {
      out.put(words.get(0), String.join(" ", words.subList(1, words.size())));
      return;
    }
    for (String w : words) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        out.put(w.substring(0, eq), w.substring(eq + 1));
      }
    }
  }
}
