package io.sealer.parser;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of Dockerfile arguments: an array of strings. Tells apart text that is not JSON
 * (the caller then reads words) from a JSON array with other values in it (an error).
 */
final class JsonStrings {
  /** Thrown for valid JSON that is not an array of strings only. */
  static final class NotStrings extends Exception {
    private static final long serialVersionUID = 1L;

    NotStrings() {
      super("when using JSON array syntax, arrays must be comprised of strings only");
    }
  }

  private final String s;
  private int pos;

  private JsonStrings(String s) {
    this.s = s;
  }

  /** The strings of a JSON array, or null if the text is not one JSON array. */
  static @Nullable List<String> parse(String text) throws NotStrings {
    JsonStrings p = new JsonStrings(text.strip());
    if (!p.s.startsWith("[")) {
      return null;
    }
    List<String> out = new ArrayList<>();
    boolean onlyStrings = true;
    try {
      p.expect('[');
      p.blanks();
      if (p.peek() == ']') {
        p.pos++;
      } else {
        while (true) {
          p.blanks();
          if (p.peek() == '"') {
            out.add(p.string());
          } else {
            onlyStrings = false;
            p.value(1);
          }
          p.blanks();
          char c = p.next();
          if (c == ']') {
            break;
          }
          if (c != ',') {
            return null;
          }
        }
      }
      p.blanks();
      if (p.pos != p.s.length()) {
        return null;
      }
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return null;
    }
    if (!onlyStrings) {
      throw new NotStrings();
    }
    return out;
  }

  /** Prints strings as a JSON array, {@code ["a", "b"]}. */
  static String format(List<String> items) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('"');
      for (char c : items.get(i).toCharArray()) {
        switch (c) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> {
            if (c < 0x20) {
              sb.append(String.format("\\u%04x", (int) c));
            } else {
              sb.append(c);
            }
          }
        }
      }
      sb.append('"');
    }
    return sb.append(']').toString();
  }

  private char peek() {
    return s.charAt(pos);
  }

  private char next() {
    return s.charAt(pos++);
  }

  private void expect(char c) {
    if (next() != c) {
      throw new IllegalArgumentException();
    }
  }

  private void blanks() {
    while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private String string() {
    expect('"');
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw new IllegalArgumentException();
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> throw new IllegalArgumentException();
      }
    }
  }

  private void value(int depth) {
    if (depth > 64) {
      throw new IllegalArgumentException("nested too deep");
    }
    blanks();
    char c = peek();
    if (c == '"') {
      string();
    } else if (c == '[' || c == '{') {
      char close = c == '[' ? ']' : '}';
      pos++;
      blanks();
      if (peek() == close) {
        pos++;
        return;
      }
      while (true) {
        if (c == '{') {
          blanks();
          string();
          blanks();
          expect(':');
        }
        value(depth + 1);
        blanks();
        char d = next();
        if (d == close) {
          return;
        }
        if (d != ',') {
          throw new IllegalArgumentException();
        }
      }
    } else if (s.startsWith("true", pos) || s.startsWith("null", pos)) {
      pos += 4;
    } else if (s.startsWith("false", pos)) {
      pos += 5;
    } else {
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      if (pos == start) {
        throw new IllegalArgumentException();
      }
      Double.parseDouble(s.substring(start, pos));
    }
  }
}
