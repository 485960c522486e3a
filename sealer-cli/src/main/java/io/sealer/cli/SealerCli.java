package io.sealer.cli;

import com.beust.jcommander.JCommander;
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
    for (CliCommand command : commandFactory.get()) {
      shareGlobalOptions(command, options);
      String name = command.getClass().getAnnotation(Parameters.class).commandNames()[0];
      commands.put(name, command);
      jc.addCommand(name, command);
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
