package io.sealer.filesystem.distribute;

/** The one rule for which paths inside a rootfs are acceptable, wherever they come from. */
final class RelativePaths {
  private RelativePaths() {}

  /**
   * True if {@code path} names something inside a root: relative, '/'-separated, without empty,
   * {@code .} or {@code ..} parts and without NUL.
   */
  static boolean isSafe(String path) {
    if (path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.indexOf('\0') >= 0) {
      return false;
    }
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** The parent of {@code path}, or "" for a top-level entry. */
  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The last part of {@code path}. */
  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** True if {@code path} is {@code top} or lies below it. */
  static boolean isUnder(String path, String top) {
    return path.equals(top) || path.startsWith(top + "/");
  }
}
