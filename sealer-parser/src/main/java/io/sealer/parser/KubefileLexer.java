package io.sealer.parser;

import io.sealer.api.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Kubefile into logical lines: strips a BOM, reads the {@code # escape=} directive, drops
 * comments and blank lines, and joins continuation lines as the Dockerfile parser does (the escape
 * and trailing blanks removed, the next line appended as it is).
 */
final class KubefileLexer {
  private static final Pattern DIRECTIVE =
      Pattern.compile("#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.*?)\\s*");

  private final String fileName;
  private char escape = '\\';

  KubefileLexer(String fileName) {
    this.fileName = fileName;
  }

  /** The escape character in effect ({@code \} or backtick), known after {@link #split}. */
  char escape() {
    return escape;
  }

  List<LogicalLine> split(String text) {
    String[] lines = text.split("\r\n|\n|\r", -1);
    if (lines.length > 0 && lines[0].startsWith("\uFEFF")) {
      lines[0] = lines[0].substring(1);
    }
    List<LogicalLine> out = new ArrayList<>();
    boolean directives = true;
    boolean seenEscape = false;
    int i = 0;
    while (i < lines.length) {
      int lineNo = i + 1;
      String first = lines[i++].stripLeading();
      if (directives) {
        Matcher m = DIRECTIVE.matcher(first);
        if (m.matches()) {
          if (m.group(1).toLowerCase(Locale.ROOT).equals("escape")) {
            if (seenEscape) {
              throw new ParseException(
                  fileName, lineNo, 1, "only one escape parser directive can be used");
            }
            String value = m.group(2);
            if (!value.equals("\\") && !value.equals("`")) {
              throw new ParseException(
                  fileName,
                  lineNo,
                  1,
                  "invalid escape character '" + value + "': it must be \\ or a backtick");
            }
            escape = value.charAt(0);
            seenEscape = true;
          }
          continue;
        }
        directives = false;
      }
      if (isBlankOrComment(first)) {
        continue;
      }
      StringBuilder sb = new StringBuilder();
      String current = first;
      while (true) {
        String body = continuationBody(current);
        if (body == null) {
          sb.append(current);
          break;
        }
        sb.append(body);
        String next = null;
        while (i < lines.length) {
          String candidate = lines[i++];
          if (!isBlankOrComment(candidate.stripLeading())) {
            next = candidate;
            break;
          }
        }
        if (next == null) {
          break;
        }
        current = next;
      }
      String logical = sb.toString().strip();
      if (!logical.isEmpty()) {
        out.add(new LogicalLine(lineNo, logical));
      }
    }
    return out;
  }

  private static boolean isBlankOrComment(String stripped) {
    return stripped.isBlank() || stripped.startsWith("#");
  }

  /**
   * The line without its continuation escape and trailing blanks, or null if it does not end so.
   */
  private String continuationBody(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
      end--;
    }
    if (end > 0 && line.charAt(end - 1) == escape) {
      return line.substring(0, end - 1);
    }
    return null;
  }
}
