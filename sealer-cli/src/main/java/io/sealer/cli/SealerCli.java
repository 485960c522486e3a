package io.sealer.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import io.sealer.api.SealerException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Parses the command line, runs one command and maps the outcome to an exit status: 0 success, 1
 * failure (one line {@code sealer: <what failed>: <why>}, a stack trace only with {@code --debug}),
 * 2 bad usage (unknown command or flag, missing argument).
 */
final class SealerCli {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Supplier<List<CliCommand>> commandFactory;

  SealerCli(PrintStream out, PrintStream err, Map<String, String> env) {
    this(out, err, env, Commands::all);
  }

  SealerCli(
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Supplier<List<CliCommand>> commandFactory) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.commandFactory = commandFactory;
  }

  int run(String... args) {
    GlobalOptions options = new GlobalOptions();
    Map<String, CliCommand> commands = new LinkedHashMap<>();
    JCommander jc = JCommander.newBuilder().addObject(options).programName("sealer").build();
    Map<String, CliCommand> all = new LinkedHashMap<>();
    for (CliCommand command : commandFactory.get()) {
      all.put(command.getClass().getAnnotation(Parameters.class).commandNames()[0], command);
    }
    // jcommander reflects over every command it is given (fields, methods, annotations, default
    // values): a tenth of a second of start-up for all of them. The one named is enough to parse
    // and run it; anything else (no command, an unknown one, an @file argument) gets them all,
    // for the same help and errors.
    String named = commandName(args);
    for (Map.Entry<String, CliCommand> e : all.entrySet()) {
      if (named == null || all.get(named) == null || named.equals(e.getKey())) {
        shareGlobalOptions(e.getValue(), options);
        commands.put(e.getKey(), e.getValue());
        jc.addCommand(e.getKey(), e.getValue());
      }
    }
    Help help = new Help(jc, commands);
    for (String arg : args) {
      if (!arg.strip().equals(arg)) {
        // JCommander trims every argument: refuse rather than act on another text than given
        err.println(
            "sealer: argument \""
                + arg
                + "\" has leading or trailing blanks; remove them (see 'sealer --help')");
        return USAGE;
      }
    }
    try {
      jc.parse(args);
    } catch (ParameterException e) {
      err.println("sealer: " + Help.describe(e) + " (see 'sealer --help')");
      return USAGE;
    }
    String name = jc.getParsedCommand();
    if (name == null) {
      help.printMain(options.help ? out : err);
      return options.help ? OK : USAGE;
    }
    if (options.help) {
      help.printCommand(out, name);
      return OK;
    }
    CommandContext context = new CommandContext(out, err, options, env);
    try {
      return commands.get(name).run(context);
    } catch (ParameterException e) {
      err.println("sealer " + name + ": " + e.getMessage() + " (see 'sealer " + name + " --help')");
      return USAGE;
    } catch (SealerException e) {
      return fail(options, e, e.getMessage());
    } catch (Exception | LinkageError | OutOfMemoryError e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return fail(options, e, "could not " + name + ": " + reason);
    } finally {
      out.flush();
    }
  }

  /**
   * The command the arguments name: the first one that is neither a global option nor the value of
   * one; null when there is none, or when jcommander would read arguments from a file first.
   */
  static String commandName(String... args) {
    Map<String, Boolean> takesValue = new LinkedHashMap<>();
    for (Field field : GlobalOptions.class.getDeclaredFields()) {
      Parameter p = field.getAnnotation(Parameter.class);
      if (p != null) {
        for (String name : p.names()) {
          takesValue.put(
              name, field.getType() != boolean.class && field.getType() != Boolean.class);
        }
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("@") || arg.equals("--")) {
        return null;
      }
      Boolean value = takesValue.get(arg);
      if (value == null) {
        return arg.startsWith("-") ? null : arg;
      }
      if (value) {
        i++;
      }
    }
    return null;
  }

  private int fail(GlobalOptions options, Throwable e, String message) {
    err.println("sealer: " + message);
    if (options.debug) {
      e.printStackTrace(err);
    }
    return FAILURE;
  }

  /** Points the command's {@code @ParametersDelegate GlobalOptions} field at the shared one. */
  private static void shareGlobalOptions(CliCommand command, GlobalOptions options) {
    for (Class<?> c = command.getClass(); c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (field.getType() == GlobalOptions.class
            && field.isAnnotationPresent(ParametersDelegate.class)) {
          try {
            field.setAccessible(true);
            field.set(command, options);
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
  }
}
