package io.sealer.runtime.kubernetes.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The few operations the merge needs on YAML trees (maps with string keys, lists, scalars): deep
 * copies and the "fill what is still empty" merge of spec §4.7.
 */
final class YamlTrees {
  private YamlTrees() {}

  /** A deep, mutable copy of {@code map}. */
  static Map<String, @Nullable Object> copy(Map<String, @Nullable Object> map) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, copyValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  static @Nullable Object copyValue(@Nullable Object value) {
    if (value instanceof Map<?, ?> m) {
      return copy((Map<String, @Nullable Object>) m);
    }
    if (value instanceof List<?> l) {
      List<@Nullable Object> out = new ArrayList<>();
      l.forEach(v -> out.add(copyValue(v)));
      return out;
    }
    return value;
  }

  /**
   * Whether a value counts as not set: absent, null, an empty string, an empty list or an empty
   * map. Unlike Go's zero values, an explicit {@code false} or {@code 0} counts as set, so a user
   * who writes {@code enabled: false} keeps it.
   */
  static boolean isEmpty(@Nullable Object value) {
    return value == null
        || (value instanceof String s && s.isEmpty())
        || (value instanceof List<?> l && l.isEmpty())
        || (value instanceof Map<?, ?> m && m.isEmpty());
  }

  /**
   * Fills every field of {@code target} that is still empty from {@code source}, recursing into
   * maps present on both sides; lists and scalars already set in {@code target} are kept whole
   * (first writer wins). The path {@code apiServer.certSANs} is the exception: its lists are
   * unioned, target entries first.
   */
  @SuppressWarnings("unchecked")
  static void fill(Map<String, @Nullable Object> target, Map<String, @Nullable Object> source) {
    fill(target, source, "");
  }

  @SuppressWarnings("unchecked")
  private static void fill(
      Map<String, @Nullable Object> target, Map<String, @Nullable Object> source, String path) {
    for (Map.Entry<String, @Nullable Object> e : source.entrySet()) {
      String key = e.getKey();
      Object mine = target.get(key);
      Object theirs = e.getValue();
      String childPath = path.isEmpty() ? key : path + "." + key;
      if (isEmpty(mine)) {
        if (!isEmpty(theirs) || !target.containsKey(key)) {
          target.put(key, copyValue(theirs));
        }
      } else if (mine instanceof Map<?, ?> m && theirs instanceof Map<?, ?> t) {
        fill((Map<String, @Nullable Object>) m, (Map<String, @Nullable Object>) t, childPath);
      } else if (childPath.equals("apiServer.certSANs")
          && mine instanceof List<?> m
          && theirs instanceof List<?> t) {
        target.put(key, union((List<@Nullable Object>) m, (List<@Nullable Object>) t));
      }
    }
  }

  /** The entries of {@code first} then those of {@code second} not already present. */
  static List<@Nullable Object> union(List<@Nullable Object> first, List<@Nullable Object> second) {
    List<@Nullable Object> out = new ArrayList<>();
    for (Object o : first) {
      if (!out.contains(o)) {
        out.add(o);
      }
    }
    for (Object o : second) {
      if (!out.contains(o)) {
        out.add(o);
      }
    }
    return out;
  }

  /**
   * The map at {@code key} in {@code map}, made (or replacing a non-map or null value) if needed.
   */
  @SuppressWarnings("unchecked")
  static Map<String, @Nullable Object> child(Map<String, @Nullable Object> map, String key) {
    Object v = map.get(key);
    if (v instanceof Map<?, ?> m) {
      return (Map<String, @Nullable Object>) m;
    }
    Map<String, @Nullable Object> made = new LinkedHashMap<>();
    map.put(key, made);
    return made;
  }

  /** The map at a dotted path, or null if some step is missing or not a map. */
  @SuppressWarnings("unchecked")
  static @Nullable Map<String, @Nullable Object> find(
      Map<String, @Nullable Object> map, String... keys) {
    Map<String, @Nullable Object> at = map;
    for (String key : keys) {
      if (!(at.get(key) instanceof Map<?, ?> m)) {
        return null;
      }
      at = (Map<String, @Nullable Object>) m;
    }
    return at;
  }
}
