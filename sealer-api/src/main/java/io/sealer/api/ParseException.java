package io.sealer.api;

/**
 * A file that Sealer could not read because of what is in it: a Kubefile, a Clusterfile, a
 * template, an image list. The message reads {@code Kubefile:7: LAUNCH must be the last
 * instruction}, or {@code Kubefile: reason} when no line is known.
 */
public class ParseException extends SealerException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param file the file name as the user gave it (or a description such as {@code --build-arg})
   * @param line the 1-based line, or 0 if unknown
   * @param column the 1-based column, or 0 if unknown
   * @param reason what is wrong, in words a person can act on
   */
  public ParseException(String file, int line, int column, String reason) {
    this(file, line, column, reason, null);
  }

  /** Creates the exception with an underlying cause. */
  public ParseException(String file, int line, int column, String reason, Throwable cause) {
    super(format(file, line, column, reason), cause);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  private static String format(String file, int line, int column, String reason) {
    StringBuilder sb = new StringBuilder(file);
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.append(": ").append(reason).toString();
  }

  /** The file name. */
  public String file() {
    return file;
  }

  /** The 1-based line, or 0 if unknown. */
  public int line() {
    return line;
  }

  /** The 1-based column, or 0 if unknown. */
  public int column() {
    return column;
  }

  /** The reason without the location prefix. */
  public String reason() {
    return reason;
  }
}
