package io.sealer.api.host;

import io.sealer.api.SealerException;

/**
 * A failure on or reaching one host. The message starts with the host's address; {@link #host()}
 * gives it to programs.
 */
public class HostException extends SealerException {
  private static final long serialVersionUID = 1L;

  /** How the failure came about, for callers that treat kinds differently. */
  public enum Kind {
    /** The host could not be reached (refused, no route, timed out). */
    UNREACHABLE,
    /** The host refused the login (password, key, passphrase or sudo). */
    AUTHENTICATION,
    /** The host's key is not the one recorded for it. */
    HOST_KEY_CHANGED,
    /** A command exited non-zero or ran past its time limit. */
    COMMAND,
    /** Anything else (a dropped connection mid-command, a local I/O failure). */
    OTHER
  }

  private final String host;
  private final Kind kind;

  /** A failure on {@code host}; {@code message} is the part after "host: ". */
  public HostException(String host, Kind kind, String message) {
    super(host + ": " + message);
    this.host = host;
    this.kind = kind;
  }

  /** A failure on {@code host} with its cause. */
  public HostException(String host, Kind kind, String message, Throwable cause) {
    super(host + ": " + message, cause);
    this.host = host;
    this.kind = kind;
  }

  /** The address of the host at fault. */
  public String host() {
    return host;
  }

  /** What kind of failure it was. */
  public Kind kind() {
    return kind;
  }
}
