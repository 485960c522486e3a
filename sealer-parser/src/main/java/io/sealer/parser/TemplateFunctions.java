package io.sealer.parser;

import io.sealer.api.ParseException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The functions Sealer templates use, with Go template and sprig meaning. */
final class TemplateFunctions {
  static final Set<String> NAMES =
      Set.of(
          "b64enc", "b64dec", "eq", "ne", "not", "and", "or", "default", "quote", "len", "upper",
          "lower", "trim", "print", "empty");

  private TemplateFunctions() {}

  static @Nullable Object call(String name, List<@Nullable Object> args, String file, int line) {
    if (!name.equals("default") && !name.equals("empty")) {
      for (Object a : args) {
        if (a instanceof DefaultTemplateRenderer.Missing m) {
          throw new ParseException(
              file, line, 0, "no value for key \"" + m.name.substring(1) + "\" (" + m.name + ")");
        }
      }
    }
    try {
      return switch (name) {
        case "b64enc" ->
            Base64.getEncoder().encodeToString(text(one(args)).getBytes(StandardCharsets.UTF_8));
        case "b64dec" ->
            new String(Base64.getDecoder().decode(text(one(args)).trim()), StandardCharsets.UTF_8);
        case "eq" -> {
          atLeast(args, 2);
          Object a = normalize(args.get(0));
          yield args.subList(1, args.size()).stream()
              .anyMatch(b -> Objects.equals(a, normalize(b)));
        }
        case "ne" -> {
          exactly(args, 2);
          yield !Objects.equals(normalize(args.get(0)), normalize(args.get(1)));
        }
        case "not" -> !truthy(one(args));
        case "and" -> {
          atLeast(args, 1);
          Object last = null;
          for (Object a : args) {
            last = a;
            if (!truthy(a)) {
              break;
            }
          }
          yield last;
        }
        case "or" -> {
          atLeast(args, 1);
          Object last = null;
          for (Object a : args) {
            last = a;
            if (truthy(a)) {
              break;
            }
          }
          yield last;
        }
        case "default" -> {
          exactly(args, 2);
          yield truthy(args.get(1)) ? args.get(1) : args.get(0);
        }
        case "empty" -> !truthy(one(args));
        case "quote" -> "\"" + text(one(args)).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        case "len" -> {
          Object v = one(args);
          yield (long)
              (v instanceof Collection<?> c
                  ? c.size()
                  : v instanceof Map<?, ?> m ? m.size() : text(v).length());
        }
        case "upper" -> text(one(args)).toUpperCase(Locale.ROOT);
        case "lower" -> text(one(args)).toLowerCase(Locale.ROOT);
        case "trim" -> text(one(args)).strip();
        case "print" -> {
          StringBuilder sb = new StringBuilder();
          args.forEach(a -> sb.append(text(a)));
          yield sb.toString();
        }
        default -> throw new IllegalArgumentException("function \"" + name + "\" not defined");
      };
    } catch (IllegalArgumentException e) {
      throw new ParseException(file, line, 0, "error calling " + name + ": " + e.getMessage());
    }
  }

  static boolean truthy(@Nullable Object v) {
    if (v == null || v instanceof DefaultTemplateRenderer.Missing) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  static String text(@Nullable Object v) {
    if (v == null) {
      return "<no value>";
    }
    return v.toString();
  }

  private static @Nullable Object normalize(@Nullable Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    return v;
  }

  private static @Nullable Object one(List<@Nullable Object> args) {
    exactly(args, 1);
    return args.get(0);
  }

  private static void exactly(List<@Nullable Object> args, int n) {
    if (args.size() != n) {
      throw new IllegalArgumentException("wrong number of args: want " + n + " got " + args.size());
    }
  }

  private static void atLeast(List<@Nullable Object> args, int n) {
    if (args.size() < n) {
      throw new IllegalArgumentException("wrong number of args: want at least " + n);
    }
  }
}
