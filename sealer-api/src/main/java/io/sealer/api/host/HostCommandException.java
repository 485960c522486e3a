package io.sealer.api.host;

import java.util.Arrays;
import java.util.List;

/** A command that exited non-zero on a host; the message shows its last lines of stderr. */
public class HostCommandException extends HostException {
  private static final long serialVersionUID = 1L;
  private static final int TAIL_LINES = 10;

  private final transient CommandResult result;

  /** Wraps a failed result. */
  public HostCommandException(CommandResult result) {
    super(result.host(), Kind.COMMAND, describe(result));
    this.result = result;
  }

  /** The failed command's result. */
  public CommandResult result() {
    return result;
  }

  private static String describe(CommandResult result) {
    String text = result.stderr().isBlank() ? result.stdout() : result.stderr();
    List<String> lines = Arrays.asList(text.strip().split("\n"));
    List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
    StringBuilder message =
        new StringBuilder(result.description() + " exited " + result.exitCode());
    if (!text.isBlank()) {
      message.append(":");
      for (String line : tail) {
        message.append("\n    ").append(line);
      }
    }
    return message.toString();
  }
}
