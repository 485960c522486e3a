package io.sealer.cli;

import io.sealer.api.UserPaths;
import io.sealer.sdk.Sealer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** What a command needs from the CLI: the SDK instance, the output streams and the options. */
final class CommandContext {
  private final PrintStream out;
  private final PrintStream err;
  private final GlobalOptions options;
  private final Map<String, String> env;
  private final ConsoleEvents events;
  private final Supplier<Sealer> sealer;

  CommandContext(PrintStream out, PrintStream err, GlobalOptions options, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.options = options;
    this.env = env;
    this.events = new ConsoleEvents(err, options.quiet, options.debug);
    this.sealer = memoize(this::createSealer);
  }

  private Sealer createSealer() {
    return Sealer.builder().events(events).user(user()).root(root()).build();
  }

  /** The root directory: --root, else SEALER_ROOT, else the SDK's default. */
  Path root() {
    if (options.root != null && !options.root.isBlank()) {
      return Path.of(options.root);
    }
    String fromEnv = env.get("SEALER_ROOT");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    return Sealer.defaultRoot(user());
  }

  /** The user's paths from the CLI's environment: {@code $HOME}, else Java's user.home. */
  UserPaths user() {
    return UserPaths.of(env);
  }

  /** An environment variable of the sealer process, or null. */
  String env(String name) {
    return env.get(name);
  }

  /** The SDK instance, created on first use. */
  Sealer sealer() {
    return sealer.get();
  }

  /** Standard output: results. */
  PrintStream out() {
    return out;
  }

  /** Standard error: messages and progress. */
  PrintStream err() {
    return err;
  }

  /** The global options. */
  GlobalOptions options() {
    return options;
  }

  /** The renderer of library events. */
  ConsoleEvents events() {
    return events;
  }

  private static <T> Supplier<T> memoize(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
