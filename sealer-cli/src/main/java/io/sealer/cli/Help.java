package io.sealer.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.ParameterDescription;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Writes {@code sealer --help} and {@code sealer <command> --help}. */
final class Help {
  private final JCommander jc;
  private final Map<String, CliCommand> commands;

  Help(JCommander jc, Map<String, CliCommand> commands) {
    this.jc = jc;
    this.commands = commands;
  }

  void printMain(PrintStream out) {
    out.println("sealer: build, share and run whole Kubernetes clusters as ClusterImages.");
    out.println();
    out.println("Usage: sealer [global options] <command> [options] [arguments]");
    out.println();
    out.println("Commands:");
    int width = commands.keySet().stream().mapToInt(String::length).max().orElse(8) + 2;
    for (Map.Entry<String, CliCommand> e : commands.entrySet()) {
      out.printf("  %-" + width + "s%s%n", e.getKey(), description(e.getValue()));
    }
    out.println();
    out.println("Global options:");
    printOptions(out, jc.getParameters());
    out.println();
    out.println("Run 'sealer <command> --help' for a command's options and examples.");
  }

  void printCommand(PrintStream out, String name) {
    CliCommand command = commands.get(name);
    JCommander sub = jc.getCommands().get(name);
    out.println(description(command));
    out.println();
    out.println("Usage: sealer " + name + " " + command.usage());
    List<ParameterDescription> own =
        sub.getParameters().stream().filter(p -> !isGlobal(p)).toList();
    if (!own.isEmpty()) {
      out.println();
      out.println("Options:");
      printOptions(out, own);
    }
    out.println();
    out.println("Examples:");
    command.examples().lines().forEach(line -> out.println("  " + line));
    out.println();
    out.println("Global options (--root DIR, -d/--debug, -q/--quiet) work with every command.");
  }

  private static boolean isGlobal(ParameterDescription p) {
    String names = p.getNames();
    return names.contains("--root")
        || names.contains("--debug")
        || names.contains("--quiet")
        || names.contains("--help");
  }

  private static void printOptions(PrintStream out, List<ParameterDescription> params) {
    List<ParameterDescription> sorted =
        params.stream()
            .filter(p -> !p.getParameter().hidden())
            .sorted(Comparator.comparing(p -> p.getLongestName().replaceFirst("^-+", "")))
            .toList();
    for (ParameterDescription p : sorted) {
      String names = p.getNames();
      String arity = p.getParameterized().getType() == boolean.class ? "" : " " + valueName(p);
      out.printf("  %-28s%s%n", names + arity, p.getDescription());
    }
  }

  private static String valueName(ParameterDescription p) {
    String key = p.getParameter().getParameter().descriptionKey();
    return key.isEmpty() ? "VALUE" : key;
  }

  private static String description(CliCommand command) {
    return command.getClass().getAnnotation(Parameters.class).commandDescription();
  }

  /** A one-line reason for a parse failure, with jcommander's wording made plainer. */
  static String describe(ParameterException e) {
    String message = e.getMessage();
    if (message == null) {
      return "invalid arguments";
    }
    if (message.startsWith("Expected a command")) {
      String arg = message.substring(message.indexOf("got") + 4).trim();
      return (arg.startsWith("-") ? "unknown flag " : "unknown command ") + arg;
    }
    if (message.startsWith("Was passed main parameter")) {
      int start = message.indexOf('\'');
      int end = message.indexOf('\'', start + 1);
      String arg = start >= 0 && end > start ? message.substring(start + 1, end) : message;
      return arg.startsWith("-") ? "unknown flag " + arg : "unknown command " + arg;
    }
    return message.replace("\n", " ");
  }
}
