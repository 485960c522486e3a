package io.sealer.api.cluster;

import io.sealer.api.ParseException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A node taint of {@code spec.hosts[].taints}: {@code key=value:Effect}, {@code key:Effect} or
 * {@code key=:Effect} to add; {@code key:Effect-} or {@code key-} to remove.
 *
 * @param key the taint key
 * @param value the value, empty if none
 * @param effect {@code NoSchedule}, {@code PreferNoSchedule} or {@code NoExecute}; empty only for
 *     the removal of every taint of a key ({@code key-})
 * @param remove true if the taint is to be removed rather than added
 */
public record Taint(String key, String value, String effect, boolean remove) {
  private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");
  private static final Pattern KEY =
      Pattern.compile(
          "([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  /**
   * Parses a taint.
   *
   * @throws IllegalArgumentException with a reason a person can act on
   */
  public static Taint parse(String text) {
    String t = text.trim();
    if (t.endsWith("-") && t.indexOf(':') < 0 && t.indexOf('=') < 0) {
      String key = t.substring(0, t.length() - 1);
      checkKey(key, text);
      return new Taint(key, "", "", true);
    }
    int colon = t.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "invalid taint '" + text + "': expected key=value:Effect, key:Effect or key-");
    }
    String effect = t.substring(colon + 1);
    boolean remove = effect.endsWith("-");
    if (remove) {
      effect = effect.substring(0, effect.length() - 1);
    }
    if (!EFFECTS.contains(effect)) {
      throw new IllegalArgumentException(
          "invalid taint '" + text + "': effect must be NoSchedule, PreferNoSchedule or NoExecute");
    }
    String kv = t.substring(0, colon);
    int eq = kv.indexOf('=');
    String key = eq < 0 ? kv : kv.substring(0, eq);
    String value = eq < 0 ? "" : kv.substring(eq + 1);
    checkKey(key, text);
    if (!VALUE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "invalid taint '" + text + "': invalid value '" + value + "'");
    }
    return new Taint(key, value, effect, remove);
  }

  /** Like {@link #parse(String)}, failing with a {@link ParseException} at the given place. */
  public static Taint parse(String text, String file, int line, String where) {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new ParseException(file, line, 0, e.getMessage() + " in " + where);
    }
  }

  private static void checkKey(String key, String text) {
    if (key.length() > 317 || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("invalid taint '" + text + "': invalid key '" + key + "'");
    }
  }

  /** The taint as written in a Clusterfile. */
  @Override
  public String toString() {
    if (effect.isEmpty()) {
      return key + "-";
    }
    return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect + (remove ? "-" : "");
  }
}
