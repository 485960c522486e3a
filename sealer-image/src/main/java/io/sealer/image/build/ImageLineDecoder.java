package io.sealer.image.build;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Sealer's textual image scan of YAML: a line is {@code <key>: <image>} when, after removing every
 * {@code "}, {@code ,} and blank, the part before the first {@code :} ends with {@code image} and
 * holds no {@code #}. Works on rendered charts and templates alike, without parsing YAML.
 */
final class ImageLineDecoder {
  private ImageLineDecoder() {}

  /** The image of each matching line, in order, duplicates kept (Sealer's DecodeImages). */
  static List<String> decodeImages(String body) {
    List<String> images = new ArrayList<>();
    for (String line : body.split("\\R")) {
      String image = decodeLine(line);
      if (!image.isEmpty()) {
        images.add(image);
      }
    }
    return images;
  }

  /** The image on one line, or "" if the line names none (Sealer's decodeLine). */
  static String decodeLine(String line) {
    StringBuilder sb = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c != '"' && c != ',' && !Character.isWhitespace(c)) {
        sb.append(c);
      }
    }
    String squeezed = sb.toString();
    int colon = squeezed.indexOf(':');
    if (colon < 0) {
      return "";
    }
    String key = squeezed.substring(0, colon);
    if (!key.endsWith("image") || key.contains("#")) {
      return "";
    }
    return squeezed.substring(colon + 1);
  }

  /**
   * Sealer's FormatImages: trims blanks and surrounding quotes, drops empty and {@code #} lines,
   * removes duplicates keeping the first.
   */
  static List<String> formatImages(List<String> raw) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String image : raw) {
      String s = strip(image.strip(), "'\"").strip();
      if (!s.isEmpty() && !s.startsWith("#")) {
        out.add(s);
      }
    }
    return new ArrayList<>(out);
  }

  private static String strip(String s, String chars) {
    int start = 0;
    int end = s.length();
    while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(start, end);
  }
}
