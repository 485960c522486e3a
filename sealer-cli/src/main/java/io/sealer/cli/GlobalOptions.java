package io.sealer.cli;

import com.beust.jcommander.Parameter;

/** Options every command accepts, before or after the command name. */
final class GlobalOptions {
  @Parameter(
      names = "--root",
      description =
          "Directory holding all local image data (env SEALER_ROOT; default /var/lib/sealer as"
              + " root, ~/.local/share/sealer otherwise)",
      descriptionKey = "DIR")
  String root;

  @Parameter(
      names = {"-d", "--debug"},
      description = "Show debug messages and the stack trace of a failure")
  boolean debug;

  @Parameter(
      names = {"-q", "--quiet"},
      description = "Show only errors: no progress bars or informational messages")
  boolean quiet;

  @Parameter(
      names = {"-h", "--help"},
      help = true,
      description = "Show help for sealer or for a command")
  boolean help;
}
