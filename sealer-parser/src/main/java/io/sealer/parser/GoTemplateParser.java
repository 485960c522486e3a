package io.sealer.parser;

import io.sealer.api.ParseException;
import io.sealer.parser.GoTemplate.Arg;
import io.sealer.parser.GoTemplate.Branch;
import io.sealer.parser.GoTemplate.Command;
import io.sealer.parser.GoTemplate.Field;
import io.sealer.parser.GoTemplate.Func;
import io.sealer.parser.GoTemplate.Literal;
import io.sealer.parser.GoTemplate.Node;
import io.sealer.parser.GoTemplate.Pipeline;
import io.sealer.parser.GoTemplate.Sub;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Parses Go template text into {@link GoTemplate} nodes. */
final class GoTemplateParser {
  private static final int MAX_DEPTH = 100;

  /** Text between actions, or one action's tokens. */
  private record Item(@Nullable String text, List<String> tokens, int line) {}

  private final String file;
  private final List<Item> items = new ArrayList<>();
  private int pos;
  private int depth;

  GoTemplateParser(String file) {
    this.file = file;
  }

  List<Node> parse(String template) {
    split(template);
    List<Node> nodes = list();
    if (pos < items.size()) {
      Item stray = items.get(pos);
      throw error(stray.line(), "unexpected {{" + stray.tokens().get(0) + "}}");
    }
    return nodes;
  }

  private void split(String t) {
    int i = 0;
    int line = 1;
    StringBuilder text = new StringBuilder();
    boolean trimNext = false;
    while (i < t.length()) {
      int open = t.indexOf("{{", i);
      String chunk = open < 0 ? t.substring(i) : t.substring(i, open);
      if (trimNext) {
        chunk = chunk.stripLeading();
      }
      text.append(chunk);
      line += count(t, i, open < 0 ? t.length() : open);
      if (open < 0) {
        break;
      }
      int start = open + 2;
      int actionLine = line;
      if (t.startsWith("- ", start) || t.startsWith("-\t", start) || t.startsWith("-\n", start)) {
        text.setLength(text.toString().stripTrailing().length());
        start += 1;
      }
      int close = findClose(t, start, actionLine);
      int end = close;
      trimNext = false;
      if (end - 2 >= start
          && t.charAt(end - 1) == '-'
          && Character.isWhitespace(t.charAt(end - 2))) {
        trimNext = true;
        end--;
      }
      String body = t.substring(start, end).strip();
      line += count(t, open, close + 2);
      i = close + 2;
      if (body.startsWith("/*")) {
        if (!body.endsWith("*/")) {
          throw error(actionLine, "unclosed comment");
        }
        continue;
      }
      if (text.length() > 0) {
        items.add(new Item(text.toString(), List.of(), actionLine));
        text.setLength(0);
      }
      List<String> tokens = GoTemplateTokens.tokenize(body, file, actionLine);
      if (tokens.isEmpty()) {
        throw error(actionLine, "missing value for command");
      }
      items.add(new Item(null, tokens, actionLine));
    }
    if (text.length() > 0) {
      items.add(new Item(text.toString(), List.of(), line));
    }
  }

  private int findClose(String t, int from, int line) {
    char quote = 0;
    for (int i = from; i < t.length(); i++) {
      char c = t.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '`') {
        quote = c;
      } else if (c == '}' && i + 1 < t.length() && t.charAt(i + 1) == '}') {
        return i;
      }
    }
    throw error(line, "unclosed action: {{ without }}");
  }

  private static int count(String t, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (t.charAt(i) == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Nodes up to (not including) an {@code end} or {@code else} action, or the end. */
  private List<Node> list() {
    if (++depth > MAX_DEPTH) {
      throw error(
          items.isEmpty() ? 0 : items.get(Math.min(pos, items.size() - 1)).line(),
          "blocks nested too deeply");
    }
    List<Node> out = new ArrayList<>();
    while (pos < items.size()) {
      Item item = items.get(pos);
      if (item.text() != null) {
        out.add(new GoTemplate.Text(item.text()));
        pos++;
        continue;
      }
      String first = item.tokens().get(0);
      if (first.equals("end") || first.equals("else")) {
        break;
      }
      pos++;
      List<String> rest = item.tokens().subList(1, item.tokens().size());
      switch (first) {
        case "if" -> out.add(ifNode(item, rest));
        case "range" -> out.add(rangeNode(item, rest));
        case "with" -> out.add(withNode(item, rest));
        case "define", "template", "block", "break", "continue" ->
            throw error(item.line(), "{{" + first + "}} is not supported in Sealer templates");
        default -> out.add(new GoTemplate.Output(pipeline(item.tokens(), item.line(), true)));
      }
    }
    depth--;
    return out;
  }

  private Node ifNode(Item item, List<String> cond) {
    List<Branch> branches = new ArrayList<>();
    branches.add(new Branch(pipeline(cond, item.line(), false), list()));
    List<Node> otherwise = List.of();
    while (true) {
      Item next = expectEndOrElse(item, "if");
      if (next.tokens().get(0).equals("end")) {
        break;
      }
      if (next.tokens().size() > 1 && next.tokens().get(1).equals("if")) {
        List<String> c = next.tokens().subList(2, next.tokens().size());
        branches.add(new Branch(pipeline(c, next.line(), false), list()));
        continue;
      }
      otherwise = list();
      expectEnd(item, "if");
      break;
    }
    return new GoTemplate.If(branches, otherwise);
  }

  private Node rangeNode(Item item, List<String> tokens) {
    String keyVar = null;
    String valueVar = null;
    List<String> rest = tokens;
    int assign = tokens.indexOf(":=");
    if (assign >= 0) {
      List<String> vars = tokens.subList(0, assign);
      if (vars.size() == 1 && vars.get(0).startsWith("$")) {
        valueVar = vars.get(0).substring(1);
      } else if (vars.size() == 3 && vars.get(1).equals(",")) {
        keyVar = vars.get(0).substring(1);
        valueVar = vars.get(2).substring(1);
      } else {
        throw error(item.line(), "invalid range variables " + String.join(" ", vars));
      }
      rest = tokens.subList(assign + 1, tokens.size());
    }
    Pipeline p = pipeline(rest, item.line(), false);
    List<Node> body = list();
    List<Node> otherwise = List.of();
    if (expectEndOrElse(item, "range").tokens().get(0).equals("else")) {
      otherwise = list();
      expectEnd(item, "range");
    }
    return new GoTemplate.Range(keyVar, valueVar, p, body, otherwise);
  }

  private Node withNode(Item item, List<String> tokens) {
    Pipeline p = pipeline(tokens, item.line(), false);
    List<Node> body = list();
    List<Node> otherwise = List.of();
    if (expectEndOrElse(item, "with").tokens().get(0).equals("else")) {
      otherwise = list();
      expectEnd(item, "with");
    }
    return new GoTemplate.With(p, body, otherwise);
  }

  private Item expectEndOrElse(Item opener, String what) {
    if (pos >= items.size()) {
      throw error(opener.line(), "{{" + what + "}} without {{end}}");
    }
    return items.get(pos++);
  }

  private void expectEnd(Item opener, String what) {
    Item next = expectEndOrElse(opener, what);
    if (!next.tokens().get(0).equals("end")) {
      throw error(next.line(), "expected {{end}} of {{" + what + "}}");
    }
  }

  private Pipeline pipeline(List<String> tokens, int line, boolean mayDeclare) {
    String declare = null;
    List<String> rest = tokens;
    if (tokens.size() >= 2 && tokens.get(0).startsWith("$") && tokens.get(1).equals(":=")) {
      if (!mayDeclare) {
        throw error(line, "variables may only be declared in {{ $x := ... }} or range");
      }
      declare = tokens.get(0).substring(1);
      rest = tokens.subList(2, tokens.size());
    }
    if (rest.isEmpty()) {
      throw error(line, "missing value for command");
    }
    List<Command> commands = new ArrayList<>();
    int[] at = {0};
    commands.add(command(rest, at, line));
    while (at[0] < rest.size()) {
      String t = rest.get(at[0]++);
      if (!t.equals("|")) {
        throw error(line, "unexpected " + t);
      }
      commands.add(command(rest, at, line));
    }
    return new Pipeline(declare, commands, line);
  }

  private Command command(List<String> tokens, int[] at, int line) {
    if (++depth > MAX_DEPTH) {
      throw error(line, "expression nested too deeply");
    }
    List<Arg> args = new ArrayList<>();
    while (at[0] < tokens.size()
        && !tokens.get(at[0]).equals("|")
        && !tokens.get(at[0]).equals(")")) {
      String t = tokens.get(at[0]++);
      if (t.equals("(")) {
        int start = at[0];
        int level = 1;
        while (at[0] < tokens.size() && level > 0) {
          String u = tokens.get(at[0]++);
          level += u.equals("(") ? 1 : u.equals(")") ? -1 : 0;
        }
        if (level != 0) {
          throw error(line, "unclosed (");
        }
        args.add(new Sub(pipeline(tokens.subList(start, at[0] - 1), line, false)));
      } else {
        args.add(operand(t, line));
      }
    }
    if (at[0] < tokens.size() && tokens.get(at[0]).equals(")")) {
      throw error(line, "unexpected )");
    }
    if (args.isEmpty()) {
      throw error(line, "missing value for command");
    }
    depth--;
    return new Command(args);
  }

  private Arg operand(String t, int line) {
    char c = t.charAt(0);
    if (c == '.') {
      List<String> path =
          t.equals(".") ? List.of() : Arrays.asList(t.substring(1).split("\\.", -1));
      if (path.stream().anyMatch(String::isEmpty)) {
        throw error(line, "invalid field " + t);
      }
      return new Field(null, path);
    }
    if (c == '$') {
      String[] parts = t.substring(1).split("\\.", -1);
      return new Field(parts[0], Arrays.asList(parts).subList(1, parts.length));
    }
    if (c == '"' || c == '`') {
      return new Literal(GoTemplateTokens.unquote(t, file, line));
    }
    if (Character.isDigit(c) || c == '-' || c == '+') {
      try {
        return new Literal(
            t.contains(".") ? (Object) Double.parseDouble(t) : (Object) Long.parseLong(t));
      } catch (NumberFormatException e) {
        throw error(line, "invalid number " + t);
      }
    }
    return switch (t) {
      case "true" -> new Literal(Boolean.TRUE);
      case "false" -> new Literal(Boolean.FALSE);
      case "nil" -> new Literal(null);
      default -> {
        if (!DefaultTemplateRenderer.FUNCTIONS.contains(t)) {
          throw error(line, "function \"" + t + "\" not defined");
        }
        yield new Func(t);
      }
    };
  }

  private ParseException error(int line, String reason) {
    return new ParseException(file, line, 0, reason);
  }
}
