package io.sealer.parser;

import io.sealer.api.ParseException;
import java.util.ArrayList;
import java.util.List;

/** Splits the inside of one {@code {{ }}} action into tokens. */
final class GoTemplateTokens {
  private GoTemplateTokens() {}

  static List<String> tokenize(String s, String file, int line) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '|' || c == '(' || c == ')' || c == ',') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == ':' && s.startsWith(":=", i)) {
        out.add(":=");
        i += 2;
      } else if (c == '"' || c == '`') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c) {
          j += c == '"' && s.charAt(j) == '\\' ? 2 : 1;
        }
        if (j >= s.length()) {
          throw new ParseException(file, line, 0, "unterminated quoted string");
        }
        out.add(s.substring(i, j + 1));
        i = j + 1;
      } else {
        int j = i;
        while (j < s.length()
            && !Character.isWhitespace(s.charAt(j))
            && "|(),\"`".indexOf(s.charAt(j)) < 0
            && !s.startsWith(":=", j)) {
          j++;
        }
        if (j == i) {
          throw new ParseException(file, line, 0, "unexpected character '" + c + "'");
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }

  /** The value of a Go string literal, "..." with escapes or `...` raw. */
  static String unquote(String t, String file, int line) {
    if (t.charAt(0) == '`') {
      return t.substring(1, t.length() - 1);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < t.length() - 1; i++) {
      char c = t.charAt(i);
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i + 1 >= t.length() - 1) {
        throw new ParseException(file, line, 0, "invalid escape in " + t);
      }
      char e = t.charAt(++i);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case '"', '\\', '\'' -> sb.append(e);
        default -> throw new ParseException(file, line, 0, "invalid escape \\" + e + " in " + t);
      }
    }
    return sb.toString();
  }
}
