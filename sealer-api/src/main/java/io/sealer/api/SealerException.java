package io.sealer.api;

/**
 * The root of every failure that Sealer reports to its caller.
 *
 * <p>Messages read "could not &lt;action&gt; &lt;what&gt;: &lt;reason&gt;" and name the file, line,
 * host or image at fault, so that the CLI can print them as they are. Subtypes carry that context
 * as fields for programs that embed Sealer. Programming errors (a null argument, a call in the
 * wrong state) are {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 */
public class SealerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a complete, user-facing message. */
  public SealerException(String message) {
    super(message);
  }

  /** Creates an exception with a complete, user-facing message and the underlying cause. */
  public SealerException(String message, Throwable cause) {
    super(message, cause);
  }
}
