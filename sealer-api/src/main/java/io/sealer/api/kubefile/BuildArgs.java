package io.sealer.api.kubefile;

import io.sealer.api.ParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code --build-arg K=V[,K2=V2]} values of {@code sealer build}.
 *
 * <p>A value keeps everything after the first {@code =} (Sealer cuts it at a second one). A comma
 * separates two args only when the text after it holds an {@code =} of its own, so {@code A=x,y} is
 * {@code A} = {@code x,y} while {@code A=1,B=2} is two args.
 */
public final class BuildArgs {
  private BuildArgs() {}

  /**
   * Parses the given flag values, later keys overwriting earlier ones.
   *
   * @throws ParseException (file {@code --build-arg}) for an item without {@code =} or key
   */
  public static Map<String, String> parse(Iterable<String> items) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String item : items) {
      String key = null;
      StringBuilder value = new StringBuilder();
      for (String part : item.split(",", -1)) {
        int eq = part.indexOf('=');
        if (key != null && eq <= 0) {
          value.append(',').append(part);
          continue;
        }
        if (key != null) {
          out.put(key, value.toString());
        }
        if (eq <= 0) {
          throw new ParseException(
              "--build-arg", 0, 0, "build args should be key=value, got '" + part + "'");
        }
        key = part.substring(0, eq).trim();
        value.setLength(0);
        value.append(part.substring(eq + 1));
      }
      out.put(key, value.toString());
    }
    return Collections.unmodifiableMap(out);
  }
}
