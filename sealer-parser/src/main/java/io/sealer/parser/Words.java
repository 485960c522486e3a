package io.sealer.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Shell-like words: split on blanks, double and single quotes group and are removed, the escape
 * character makes the next character literal (inside double quotes only before a quote or itself).
 */
final class Words {
  private Words() {}

  /** Thrown for a quote that is never closed; the caller turns it into a ParseException. */
  static final class UnterminatedQuote extends Exception {
    private static final long serialVersionUID = 1L;

    UnterminatedQuote(char quote) {
      super("unterminated " + (quote == '"' ? "double" : "single") + " quote");
    }
  }

  static List<String> split(String text, char escape) throws UnterminatedQuote {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '\t') {
        if (inWord) {
          out.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
        continue;
      }
      inWord = true;
      if (c == escape && i + 1 < n) {
        word.append(text.charAt(++i));
      } else if (c == '\'') {
        int close = text.indexOf('\'', i + 1);
        if (close < 0) {
          throw new UnterminatedQuote('\'');
        }
        word.append(text, i + 1, close);
        i = close;
      } else if (c == '"') {
        i++;
        while (true) {
          if (i >= n) {
            throw new UnterminatedQuote('"');
          }
          char d = text.charAt(i);
          if (d == '"') {
            break;
          }
          if (d == escape
              && i + 1 < n
              && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == escape)) {
            d = text.charAt(++i);
          }
          word.append(d);
          i++;
        }
      } else {
        word.append(c);
      }
    }
    if (inWord) {
      out.add(word.toString());
    }
    return out;
  }

  /** The word as {@link #split} reads it back: quoted when it holds blanks, quotes or escapes. */
  static String quote(String word, char escape) {
    boolean plain = !word.isEmpty() && !word.startsWith("[") && !word.startsWith("--");
    for (int i = 0; plain && i < word.length(); i++) {
      char c = word.charAt(i);
      plain =
          c != '"'
              && c != '\''
              && c != escape
              && c > ' '
              && c != 0x7f
              && !Character.isWhitespace(c)
              && !Character.isSpaceChar(c);
    }
    if (plain) {
      return word;
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (c == '"' || c == escape) {
        sb.append(escape);
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }
}
