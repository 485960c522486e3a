package io.sealer.cli;

/**
 * One {@code sealer} sub-command. Implementations are jcommander parameter objects annotated with
 * {@code @Parameters(commandNames = ..., commandDescription = ...)}.
 */
interface CliCommand {

  /**
   * Does the work.
   *
   * @return the exit status: 0 for success
   * @throws Exception any failure; the CLI turns it into a one-line message and exit status 1
   */
  int run(CommandContext context) throws Exception;

  /** The usage line after {@code sealer <name>}, e.g. {@code [options] NAME}. */
  default String usage() {
    return "[options]";
  }

  /** Example invocations with a comment each, for {@code --help}. */
  String examples();
}
