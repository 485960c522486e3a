package io.sealer.api.host;

import java.io.InputStream;

/**
 * One machine Sealer works on, reached over one reused connection (or this machine itself).
 * Implementations are thread-safe: several commands may run at once on one host.
 */
public interface RemoteHost extends AutoCloseable {

  /** The host's address as the user gave it; every message about the host names it. */
  String address();

  /**
   * Runs a command and waits for it to end. A non-zero exit is returned, not thrown ({@link
   * CommandResult#orThrow()} turns it into a failure); output lines are also sent to the host's
   * event listener as they come, tagged with the host.
   *
   * @throws HostException if the host cannot be reached, refuses the login, the connection drops,
   *     or the command runs past its time limit
   */
  CommandResult exec(HostCommand command);

  /**
   * Writes {@code data} to {@code path} on the host with the given mode, atomically: a temporary
   * file beside it is written, synced and renamed, so a reader never sees half a file. Parent
   * directories are created.
   *
   * @throws HostException if the copy fails; nothing is left at {@code path} that was not there
   */
  void copy(InputStream data, String path, int mode);

  /** Closes the connection; later calls fail. */
  @Override
  void close();
}
