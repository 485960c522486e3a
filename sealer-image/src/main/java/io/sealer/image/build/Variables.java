package io.sealer.image.build;

import java.util.Map;

/**
 * Expands {@code $NAME} and {@code ${NAME}} in instruction words the way a Dockerfile does: an
 * unknown name expands to "", {@code \$} keeps a literal dollar, and {@code ${NAME:-default}} gives
 * the default when the name is unset or empty.
 */
final class Variables {
  private Variables() {}

  static String expand(String text, Map<String, String> vars) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < n && text.charAt(i + 1) == '$') {
        out.append('$');
        i++;
      } else if (c != '$' || i + 1 == n) {
        out.append(c);
      } else if (text.charAt(i + 1) == '{') {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          out.append(text, i, n);
          break;
        }
        String body = text.substring(i + 2, end);
        int dflt = body.indexOf(":-");
        String name = dflt < 0 ? body : body.substring(0, dflt);
        String value = vars.get(name);
        if ((value == null || value.isEmpty()) && dflt >= 0) {
          value = body.substring(dflt + 2);
        }
        out.append(value == null ? "" : value);
        i = end;
      } else {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
          j++;
        }
        if (j == i + 1) {
          out.append(c);
          continue;
        }
        String value = vars.get(text.substring(i + 1, j));
        out.append(value == null ? "" : value);
        i = j - 1;
      }
    }
    return out.toString();
  }
}
