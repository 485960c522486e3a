package io.sealer.parser;

import io.sealer.api.ParseException;
import io.sealer.api.cluster.TemplateRenderer;
import io.sealer.parser.GoTemplate.Arg;
import io.sealer.parser.GoTemplate.Command;
import io.sealer.parser.GoTemplate.Field;
import io.sealer.parser.GoTemplate.Func;
import io.sealer.parser.GoTemplate.Literal;
import io.sealer.parser.GoTemplate.Node;
import io.sealer.parser.GoTemplate.Pipeline;
import io.sealer.parser.GoTemplate.Sub;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Renders Go templates. A key missing from the data is an error when its value is printed or given
 * to a function other than {@code default}; as an {@code if}/{@code with} condition it is simply
 * false, so {@code {{ if .IPv6DualStack }}} works whether or not the key is set.
 */
@Singleton
final class DefaultTemplateRenderer implements TemplateRenderer {
  static final Set<String> FUNCTIONS = TemplateFunctions.NAMES;

  /** The value of a key that is not in the data. */
  static final class Missing {
    final String name;

    Missing(String name) {
      this.name = name;
    }
  }

  @Inject
  DefaultTemplateRenderer() {}

  @Override
  public String render(String fileName, String template, Map<String, ?> values) {
    Objects.requireNonNull(fileName, "fileName");
    try {
      List<Node> nodes = new GoTemplateParser(fileName).parse(template);
      StringBuilder out = new StringBuilder();
      new Run(fileName, out).nodes(nodes, values, new HashMap<>());
      return out.toString();
    } catch (ParseException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      throw new ParseException(fileName, 0, 0, "could not render: " + e, e);
    }
  }

  /** One rendering. */
  private static final class Run {
    private static final int MAX_OUTPUT = 64 * 1024 * 1024;
    private final String file;
    private final StringBuilder out;

    Run(String file, StringBuilder out) {
      this.file = file;
      this.out = out;
    }

    void nodes(List<Node> nodes, @Nullable Object dot, Map<String, @Nullable Object> vars) {
      for (Node n : nodes) {
        if (out.length() > MAX_OUTPUT) {
          throw new ParseException(file, 0, 0, "output larger than 64 MiB");
        }
        if (n instanceof GoTemplate.Text t) {
          out.append(t.text());
        } else if (n instanceof GoTemplate.Output o) {
          Object v = pipeline(o.pipeline(), dot, vars);
          if (o.pipeline().declare() != null) {
            vars.put(o.pipeline().declare(), v);
          } else {
            out.append(print(v, o.pipeline().line()));
          }
        } else if (n instanceof GoTemplate.If f) {
          boolean done = false;
          for (GoTemplate.Branch b : f.branches()) {
            if (TemplateFunctions.truthy(pipeline(b.condition(), dot, vars))) {
              nodes(b.body(), dot, new HashMap<>(vars));
              done = true;
              break;
            }
          }
          if (!done) {
            nodes(f.otherwise(), dot, new HashMap<>(vars));
          }
        } else if (n instanceof GoTemplate.With w) {
          Object v = pipeline(w.pipeline(), dot, vars);
          if (TemplateFunctions.truthy(v)) {
            nodes(w.body(), v, new HashMap<>(vars));
          } else {
            nodes(w.otherwise(), dot, new HashMap<>(vars));
          }
        } else if (n instanceof GoTemplate.Range r) {
          range(r, dot, vars);
        }
      }
    }

    private void range(
        GoTemplate.Range r, @Nullable Object dot, Map<String, @Nullable Object> vars) {
      Object v = pipeline(r.pipeline(), dot, vars);
      List<Object[]> entries = new ArrayList<>();
      if (v instanceof Map<?, ?> m) {
        m.keySet().stream()
            .map(String::valueOf)
            .sorted()
            .forEach(k -> entries.add(new Object[] {k, m.get(k)}));
      } else if (v instanceof List<?> l) {
        for (int i = 0; i < l.size(); i++) {
          entries.add(new Object[] {(long) i, l.get(i)});
        }
      } else if (v instanceof Long n) {
        for (long i = 0; i < n && i < 1_000_000; i++) {
          entries.add(new Object[] {i, i});
        }
      } else if (v != null && !(v instanceof Missing)) {
        throw new ParseException(file, r.pipeline().line(), 0, "range can't iterate over " + v);
      }
      if (entries.isEmpty()) {
        nodes(r.otherwise(), dot, new HashMap<>(vars));
        return;
      }
      for (Object[] e : entries) {
        Map<String, @Nullable Object> scope = new HashMap<>(vars);
        if (r.keyVar() != null) {
          scope.put(r.keyVar(), e[0]);
        }
        if (r.valueVar() != null) {
          scope.put(r.valueVar(), e[1]);
        }
        nodes(r.body(), e[1], scope);
      }
    }

    private @Nullable Object pipeline(
        Pipeline p, @Nullable Object dot, Map<String, @Nullable Object> vars) {
      Object value = null;
      boolean piped = false;
      for (Command c : p.commands()) {
        value = command(c, dot, vars, piped, value, p.line());
        piped = true;
      }
      return value;
    }

    private @Nullable Object command(
        Command c,
        @Nullable Object dot,
        Map<String, @Nullable Object> vars,
        boolean piped,
        @Nullable Object input,
        int line) {
      Arg first = c.args().get(0);
      if (first instanceof Func f) {
        List<@Nullable Object> args = new ArrayList<>();
        for (Arg a : c.args().subList(1, c.args().size())) {
          args.add(arg(a, dot, vars, line));
        }
        if (piped) {
          args.add(input);
        }
        return TemplateFunctions.call(f.name(), args, file, line);
      }
      if (c.args().size() > 1 || piped) {
        throw new ParseException(file, line, 0, "can't give argument to non-function");
      }
      return arg(first, dot, vars, line);
    }

    private @Nullable Object arg(
        Arg a, @Nullable Object dot, Map<String, @Nullable Object> vars, int line) {
      if (a instanceof Literal l) {
        return l.value();
      }
      if (a instanceof Sub s) {
        return pipeline(s.pipeline(), dot, vars);
      }
      if (a instanceof Func f) {
        return TemplateFunctions.call(f.name(), List.of(), file, line);
      }
      Field f = (Field) a;
      Object base = dot;
      String name = "";
      if (f.variable() != null) {
        if (!vars.containsKey(f.variable())) {
          throw new ParseException(file, line, 0, "undefined variable $" + f.variable());
        }
        base = vars.get(f.variable());
        name = "$" + f.variable();
      }
      for (String key : f.path()) {
        name = name + "." + key;
        if (base instanceof Map<?, ?> m && m.containsKey(key)) {
          base = m.get(key);
        } else if (base instanceof Map<?, ?> || base instanceof Missing || base == null) {
          base = new Missing(name);
        } else {
          throw new ParseException(file, line, 0, "can't evaluate field " + key + " in " + name);
        }
      }
      return base;
    }

    private String print(@Nullable Object v, int line) {
      if (v instanceof Missing m) {
        throw new ParseException(
            file, line, 0, "no value for key \"" + m.name.substring(1) + "\" (" + m.name + ")");
      }
      return TemplateFunctions.text(v);
    }
  }
}
