package io.sealer.parser;

import java.util.List;
import java.util.Map;

/** Reads {@code k=v} words and the legacy two-word {@code k v} form of ENV and LABEL. */
final class KeyValueWords {
  private KeyValueWords() {}

  static void putAll(List<String> words, Map<String, String> out) {
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
