package io.sealer.image.build;

import io.sealer.api.ParseException;
import io.sealer.api.TextFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code .sealerignore} file of a build context, with {@code .dockerignore} syntax: one pattern
 * a line, {@code #} comment lines, {@code !} to re-include; {@code *} and {@code ?} match within
 * one path element, {@code [...]} a character class, {@code **} any number of elements; patterns
 * are relative to the context root (a leading {@code /} is dropped) and are cleaned like paths. A
 * path is excluded if the last pattern matching it, or one of its parent directories, is not a
 * {@code !} pattern.
 */
final class SealerIgnore {
  /** The file name looked for in the build context. */
  public static final String FILE_NAME = ".sealerignore";

  private static final SealerIgnore EMPTY = new SealerIgnore(List.of());

  private record Rule(String pattern, Pattern regex, boolean exclusion) {}

  private final List<Rule> rules;

  private SealerIgnore(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Reads {@code <context>/.sealerignore}; a missing file ignores nothing.
   *
   * @throws ParseException if a pattern is malformed
   */
  public static SealerIgnore load(Path context) {
    Path file = context.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return EMPTY;
    }
    return parse(FILE_NAME, TextFiles.read(file, FILE_NAME, ImageListWithAuth.LIST_LIMIT));
  }

  /**
   * Parses patterns.
   *
   * @param fileName the name used in error messages
   * @param text the file content
   * @throws ParseException if a pattern is malformed
   */
  public static SealerIgnore parse(String fileName, String text) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.startsWith("#")) {
        continue;
      }
      String pattern = line.strip();
      if (pattern.isEmpty()) {
        continue;
      }
      boolean exclusion = pattern.startsWith("!");
      if (exclusion) {
        pattern = pattern.substring(1).strip();
      }
      if (!pattern.isEmpty()) {
        pattern = clean(pattern);
        if (pattern.length() > 1 && pattern.startsWith("/")) {
          pattern = pattern.substring(1);
        }
      }
      if (pattern.isEmpty()) {
        throw new ParseException(fileName, i + 1, 0, "illegal exclusion pattern: \"!\"");
      }
      try {
        rules.add(new Rule(pattern, Pattern.compile(toRegex(pattern)), exclusion));
      } catch (IllegalArgumentException e) {
        throw new ParseException(
            fileName, i + 1, 0, "malformed pattern \"" + pattern + "\": " + e.getMessage(), e);
      }
    }
    return new SealerIgnore(rules);
  }

  /** Whether there are no patterns. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Whether a path of the context is excluded.
   *
   * @param relativePath the path relative to the context root, with {@code /} separators
   */
  public boolean isExcluded(String relativePath) {
    String path = clean(relativePath);
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    String[] parents = path.split("/");
    boolean matched = false;
    for (Rule rule : rules) {
      if (rule.exclusion != matched) {
        continue;
      }
      boolean match = rule.regex.matcher(path).matches();
      if (!match && parents.length > 1) {
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parents.length - 1 && !match; i++) {
          if (i > 0) {
            prefix.append('/');
          }
          prefix.append(parents[i]);
          match = rule.regex.matcher(prefix).matches();
        }
      }
      if (match) {
        matched = !rule.exclusion;
      }
    }
    return matched;
  }

  /**
   * Whether a walk may skip an excluded directory without looking inside: true unless a {@code !}
   * pattern could re-include something below it.
   */
  public boolean canSkipDirectory(String relativeDir) {
    if (!isExcluded(relativeDir)) {
      return false;
    }
    return rules.stream().noneMatch(Rule::exclusion);
  }

  private static String toRegex(String pattern) {
    StringBuilder re = new StringBuilder("^");
    int n = pattern.length();
    for (int i = 0; i < n; i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < n && pattern.charAt(i + 1) == '*') {
            i++;
            if (i + 1 < n && pattern.charAt(i + 1) == '/') {
              i++;
            }
            re.append(i + 1 >= n ? ".*" : "(.*/)?");
          } else {
            re.append("[^/]*");
          }
        }
        case '?' -> re.append("[^/]");
        case '\\' -> {
          if (i + 1 >= n) {
            throw new IllegalArgumentException("trailing backslash");
          }
          re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
        }
        case '[' -> {
          int end = pattern.indexOf(']', i + 1);
          if (end < 0) {
            throw new IllegalArgumentException("unterminated character class");
          }
          String body = pattern.substring(i + 1, end);
          if (body.startsWith("^")) {
            body = "!" + body.substring(1);
          }
          if (body.startsWith("!")) {
            body = "^" + body.substring(1).replace("[", "\\[");
          } else {
            body = body.replace("[", "\\[");
          }
          re.append('[').append(body).append(']');
          i = end;
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.append('$').toString();
  }

  /** Cleans a slash path like Go's {@code filepath.Clean}. */
  static String clean(String path) {
    boolean absolute = path.startsWith("/");
    List<String> out = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
          continue;
        }
        if (absolute) {
          continue;
        }
      }
      out.add(part);
    }
    String joined = String.join("/", out);
    return absolute ? "/" + joined : joined.isEmpty() ? "." : joined;
  }
}
