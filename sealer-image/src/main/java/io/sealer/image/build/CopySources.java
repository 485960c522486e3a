package io.sealer.image.build;

import io.sealer.api.SealerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Resolves the sources of COPY, ADD and APP against the build context into the files of a layer:
 * each target path (relative to the rootfs, no leading slash) with the file it comes from. Globs
 * ({@code *}, {@code ?}, {@code [..]}) match within the context; a directory gives its contents;
 * the context's {@code .sealerignore} excludes paths; a source that leaves the context (by {@code
 * ..} or a symbolic link) or matches nothing is refused, naming the Kubefile line.
 */
final class CopySources {
  private final Path context;
  private final SealerIgnore ignore;
  private final String where;

  /**
   * @param context the build context (real path)
   * @param ignore its ignore rules
   * @param where the Kubefile position for messages, e.g. {@code Kubefile:4}
   */
  CopySources(Path context, SealerIgnore ignore, String where) {
    this.context = context;
    this.ignore = ignore;
    this.where = where;
  }

  /** The context paths a source names, after glob expansion; never empty. */
  List<Path> resolve(String source) {
    String cleaned = source.startsWith("/") ? source.substring(1) : source;
    if (cleaned.isEmpty() || cleaned.equals(".")) {
      return List.of(context);
    }
    List<Path> out = new ArrayList<>();
    if (isGlob(cleaned)) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + cleaned);
      try (Stream<Path> walk = Files.walk(context)) {
        walk.filter(p -> !p.equals(context))
            .filter(p -> matcher.matches(context.relativize(p)))
            .filter(p -> !ignore.isExcluded(slash(context.relativize(p))))
            .sorted()
            .forEach(out::add);
      } catch (IOException | UncheckedIOException e) {
        throw new SealerException(where + ": could not read build context: " + e.getMessage(), e);
      }
    } else {
      Path p = context.resolve(cleaned).normalize();
      checkInside(source, p);
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        out.add(p);
      }
    }
    if (out.isEmpty()) {
      throw new SealerException(
          where
              + ": could not copy "
              + source
              + ": no such file or directory in the build context");
    }
    for (Path p : out) {
      checkInside(source, p);
    }
    return out;
  }

  /**
   * Adds the files of one resolved source to {@code files}: a file goes to {@code target}, a
   * directory's contents below {@code targetDir}.
   */
  void collect(Path source, String target, String targetDir, Map<String, Path> files) {
    if (!Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
      files.put(target, source);
      return;
    }
    Map<String, Path> found = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(source)) {
      walk.filter(p -> !p.equals(source))
          .filter(p -> !ignore.isExcluded(slash(context.relativize(p))))
          .forEach(p -> found.put(join(targetDir, slash(source.relativize(p))), p));
    } catch (IOException | UncheckedIOException e) {
      throw new SealerException(where + ": could not read " + source + ": " + e.getMessage(), e);
    }
    files.putAll(found);
  }

  private void checkInside(String source, Path p) {
    boolean inside = p.normalize().startsWith(context);
    if (inside && Files.exists(p)) {
      try {
        inside = p.toRealPath().startsWith(context);
      } catch (IOException e) {
        inside = false;
      }
    }
    if (!inside) {
      throw new SealerException(
          where + ": could not copy " + source + ": it is outside the build context " + context);
    }
  }

  static boolean isGlob(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  static String slash(Path relative) {
    return relative.toString().replace('\\', '/');
  }

  /** Joins two layer paths, dropping empty and {@code .} parts and leading slashes. */
  static String join(String dir, String name) {
    StringBuilder out = new StringBuilder();
    for (String part : (dir + "/" + name).split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(part);
    }
    return out.toString();
  }
}
