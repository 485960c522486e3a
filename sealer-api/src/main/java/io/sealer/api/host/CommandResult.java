package io.sealer.api.host;

/**
 * How a command ended on a host.
 *
 * @param host the host's address
 * @param description what the command did
 * @param exitCode its exit status
 * @param stdout its stdout as text when it was captured (the last 1 MiB at most), else empty
 * @param stderr the last 64 KiB of its stderr
 */
public record CommandResult(
    String host, String description, int exitCode, String stdout, String stderr) {

  /** True if the exit status was 0. */
  public boolean succeeded() {
    return exitCode == 0;
  }

  /**
   * Returns this result if the command succeeded, else throws a {@link HostCommandException} that
   * names the host and shows the last lines of stderr.
   */
  public CommandResult orThrow() {
    if (exitCode != 0) {
      throw new HostCommandException(this);
    }
    return this;
  }
}
