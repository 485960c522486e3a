package io.sealer.api.cluster;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Environment variables for hosts, templates and launch commands, sorted by key.
 *
 * <p>Precedence, lowest first: the image's global env (Kubefile ENV), the cluster's {@code
 * spec.env} (and {@code -e}), a host's {@code env}: {@code image.overriddenBy(cluster)
 * .overriddenBy(host)}.
 *
 * @param values the variables, sorted by key
 */
public record Env(SortedMap<String, String> values) {
  /** No variables. */
  public static final Env EMPTY = new Env(new TreeMap<>());

  /** Copies the map. */
  public Env {
    values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
  }

  /** The variables of a map. */
  public static Env of(Map<String, String> values) {
    return new Env(new TreeMap<>(values));
  }

  /**
   * The variables of {@code KEY=VALUE} strings (a later key wins; the value keeps every {@code =}
   * after the first).
   *
   * @throws IllegalArgumentException for an item without {@code =} or without a key
   */
  public static Env parse(List<String> items) {
    TreeMap<String, String> map = new TreeMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid env '" + item + "': expected KEY=VALUE");
      }
      map.put(item.substring(0, eq), item.substring(eq + 1));
    }
    return new Env(map);
  }

  /** These variables with every key of {@code higher} set to its value there. */
  public Env overriddenBy(Env higher) {
    TreeMap<String, String> map = new TreeMap<>(values);
    map.putAll(higher.values);
    return new Env(map);
  }

  /** These variables with one more set. */
  public Env with(String key, String value) {
    TreeMap<String, String> map = new TreeMap<>(values);
    map.put(key, value);
    return new Env(map);
  }

  /** These variables without the given keys. */
  public Env without(Iterable<String> keys) {
    TreeMap<String, String> map = new TreeMap<>(values);
    keys.forEach(map::remove);
    return new Env(map);
  }

  /** The value of a key, or null. */
  public @Nullable String get(String key) {
    return values.get(key);
  }

  /**
   * The command prefixed with {@code export K="V"; } for every variable in key order, as Sealer
   * runs remote commands: {@code export IP="127.0.0.1"; export foo="bar"; hostname}. Inside the
   * quotes {@code "}, {@code \} and backtick are escaped; {@code $} is left alone so that {@code
   * PATH=$PATH:/opt/bin} expands as in Sealer.
   */
  public String wrap(String command) {
    StringBuilder sb = new StringBuilder();
    values.forEach(
        (k, v) -> {
          sb.append("export ").append(k).append("=\"");
          for (char c : v.toCharArray()) {
            if (c == '"' || c == '\\' || c == '`') {
              sb.append('\\');
            }
            sb.append(c);
          }
          sb.append("\"; ");
        });
    return sb.append(command).toString();
  }

  /** The variables as {@code KEY=VALUE} strings in key order. */
  public List<String> toList() {
    return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }
}
