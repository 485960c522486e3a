package io.sealer.image.build;

import io.sealer.api.ImageReference;
import io.sealer.api.InvalidReferenceException;
import io.sealer.api.ParseException;
import io.sealer.api.SealerException;
import io.sealer.api.TextFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The {@code --image-list-with-auth} file: a YAML list of sections {@code {registry, username,
 * password, images: [...]}}, each naming images to cache with that registry's credentials. As in
 * Sealer, an image without a registry host is taken from the section's {@code registry}, sections
 * without images are skipped, and username and password are required. Passwords never appear in
 * messages or in {@link Section#toString()}.
 */
final class ImageListWithAuth {
  /** The largest image list or ignore file read. */
  static final int LIST_LIMIT = 16 << 20;

  private ImageListWithAuth() {}

  /**
   * One section of the file.
   *
   * @param registry the registry host the credentials are for ("" if not given)
   * @param username the user name
   * @param password the password, never printed
   * @param images the images, normalised
   */
  public record Section(
      String registry, String username, String password, List<ImageReference> images) {

    /** Validates and copies the parts. */
    public Section {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      images = List.copyOf(images);
    }

    /** The section without its password. */
    @Override
    public String toString() {
      return "Section[registry=" + registry + ", username=" + username + ", images=" + images + "]";
    }
  }

  /**
   * Reads the file.
   *
   * @throws ParseException if the file is not such a list, a section lacks credentials, or an image
   *     is not a reference
   * @throws SealerException if the file cannot be read
   */
  public static List<Section> read(Path file) {
    String text = TextFiles.read(file, "image list", LIST_LIMIT);
    return parse(file.toString(), text);
  }

  /** Parses the file content; {@code fileName} is used in messages. */
  static List<Section> parse(String fileName, String text) {
    Object root;
    try {
      root = new Load(LoadSettings.builder().setLabel(fileName).build()).loadFromString(text);
    } catch (MarkedYamlEngineException e) {
      // the message of the YAML library quotes the file, which holds passwords: keep only the
      // problem and its position, and no cause
      int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
      int column = e.getProblemMark().map(m -> m.getColumn() + 1).orElse(0);
      throw new ParseException(fileName, line, column, "not valid YAML: " + e.getProblem());
    } catch (YamlEngineException e) {
      throw new ParseException(fileName, 0, 0, "not valid YAML");
    }
    if (root == null) {
      return List.of();
    }
    if (!(root instanceof List<?> list)) {
      throw new ParseException(
          fileName, 0, 0, "expected a list of {registry, username, password, images} sections");
    }
    List<Section> sections = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "section " + (i + 1);
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw new ParseException(fileName, 0, 0, where + " is not a mapping");
      }
      List<String> images = new ArrayList<>();
      if (map.get("images") instanceof List<?> items) {
        items.forEach(item -> images.add(String.valueOf(item).strip()));
      } else if (map.get("images") != null) {
        throw new ParseException(fileName, 0, 0, where + ": images must be a list");
      }
      if (images.isEmpty()) {
        continue;
      }
      String registry = text(map.get("registry"));
      String username = text(map.get("username"));
      String password = text(map.get("password"));
      if (username.isEmpty() || password.isEmpty()) {
        throw new ParseException(
            fileName, 0, 0, where + " (" + registry + "): username and password must be set");
      }
      List<ImageReference> refs = new ArrayList<>();
      for (String image : images) {
        try {
          refs.add(ImageReference.parse(qualify(image.strip(), registry)));
        } catch (InvalidReferenceException e) {
          throw new ParseException(fileName, 0, 0, where + ": " + e.getMessage(), e);
        }
      }
      sections.add(new Section(registry, username, password, refs));
    }
    return sections;
  }

  /** Puts an image without a registry host into the section's registry. */
  static String qualify(String image, String registry) {
    if (registry.isEmpty()) {
      return image;
    }
    int slash = image.indexOf('/');
    if (slash > 0) {
      String first = image.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        return image;
      }
    }
    return registry + "/" + image;
  }

  private static String text(Object value) {
    return value == null ? "" : String.valueOf(value).strip();
  }
}
