package io.sealer.parser;

import io.sealer.api.ParseException;
import io.sealer.api.kubefile.Instruction;
import io.sealer.api.kubefile.Keyword;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads one logical line into an {@link Instruction}: the keyword in any case, the {@code --flags}
 * of FROM, COPY, ADD and RUN, and the arguments in the form each keyword takes.
 */
final class InstructionReader {
  private static final String SUPPORTED =
      Arrays.stream(Keyword.values()).map(Enum::name).collect(Collectors.joining(", "));

  private final String fileName;
  private final char escape;

  InstructionReader(String fileName, char escape) {
    this.fileName = fileName;
    this.escape = escape;
  }

  Instruction read(LogicalLine logical) {
    int line = logical.line();
    String text = logical.text();
    int blank = indexOfBlank(text, 0);
    String word = blank < 0 ? text : text.substring(0, blank);
    Keyword keyword =
        Keyword.lookup(word)
            .orElseThrow(
                () ->
                    error(
                        line,
                        "unknown instruction "
                            + printable(word)
                            + ": a Kubefile supports "
                            + SUPPORTED));
    String rest = blank < 0 ? "" : text.substring(blank).strip();
    Map<String, String> flags = new LinkedHashMap<>();
    if (keyword == Keyword.FROM
        || keyword == Keyword.COPY
        || keyword == Keyword.ADD
        || keyword == Keyword.RUN) {
      while (rest.startsWith("--")) {
        int end = indexOfBlank(rest, 0);
        String flag = end < 0 ? rest : rest.substring(0, end);
        rest = end < 0 ? "" : rest.substring(end).strip();
        List<String> parts = words(line, flag.substring(2));
        String joined = String.join(" ", parts);
        int eq = joined.indexOf('=');
        String name = eq < 0 ? joined : joined.substring(0, eq);
        if (name.isEmpty()) {
          throw error(line, "invalid flag " + printable(flag) + " in " + keyword);
        }
        flags.put(name, eq < 0 ? "" : joined.substring(eq + 1));
      }
    }
    if (rest.isEmpty()) {
      throw error(line, keyword + " needs arguments");
    }
    return switch (keyword) {
      case RUN -> maybeJson(line, keyword, flags, rest, false);
      case COPY, ADD, APP, CNI, CSI, LAUNCH, CMDS -> maybeJson(line, keyword, flags, rest, true);
      case CMD, MAINTAINER, KUBEVERSION ->
          new Instruction(line, keyword, flags, List.of(rest), false);
      case APPCMDS -> appCmds(line, rest);
      default -> new Instruction(line, keyword, flags, words(line, rest), false);
    };
  }

  private Instruction maybeJson(
      int line, Keyword keyword, Map<String, String> flags, String rest, boolean splitWords) {
    List<String> json;
    try {
      json = JsonStrings.parse(rest);
    } catch (JsonStrings.NotStrings e) {
      throw error(line, e.getMessage());
    }
    if (json != null) {
      return new Instruction(line, keyword, flags, json, true);
    }
    List<String> args = splitWords ? words(line, rest) : List.of(rest);
    return new Instruction(line, keyword, flags, args, false);
  }

  private Instruction appCmds(int line, String rest) {
    int blank = indexOfBlank(rest, 0);
    String usage =
        "APPCMDS needs an app name and a JSON array, e.g. APPCMDS myapp [\"bash run.sh\"]";
    if (blank < 0) {
      throw error(line, usage);
    }
    List<String> name = words(line, rest.substring(0, blank));
    List<String> cmds;
    try {
      cmds = JsonStrings.parse(rest.substring(blank));
    } catch (JsonStrings.NotStrings e) {
      throw error(line, e.getMessage());
    }
    if (name.size() != 1 || cmds == null) {
      throw error(line, usage);
    }
    List<String> args = new java.util.ArrayList<>(name);
    args.addAll(cmds);
    return new Instruction(line, Keyword.APPCMDS, Map.of(), args, true);
  }

  private List<String> words(int line, String text) {
    try {
      return Words.split(text, escape);
    } catch (Words.UnterminatedQuote e) {
      throw error(line, e.getMessage());
    }
  }

  private static int indexOfBlank(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == ' ' || s.charAt(i) == '\t') {
        return i;
      }
    }
    return -1;
  }

  /** Shortens and makes control characters visible for an error message. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 60; i++) {
      char c = s.charAt(i);
      sb.append(c < ' ' || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return s.length() > 60 ? sb + "..." : sb.toString();
  }

  private ParseException error(int line, String reason) {
    return new ParseException(fileName, line, 0, reason);
  }
}
