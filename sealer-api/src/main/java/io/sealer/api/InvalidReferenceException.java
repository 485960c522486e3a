package io.sealer.api;

/** An image reference, digest or platform string that does not follow the expected syntax. */
public class InvalidReferenceException extends SealerException {
  private static final long serialVersionUID = 1L;

  private final String input;

  /**
   * Creates the exception.
   *
   * @param kind what was being parsed, e.g. "image reference"
   * @param input the text that was refused
   * @param reason why it was refused
   */
  public InvalidReferenceException(String kind, String input, String reason) {
    super("invalid " + kind + " \"" + input + "\": " + reason);
    this.input = input;
  }

  /** The text that was refused. */
  public String input() {
    return input;
  }
}
