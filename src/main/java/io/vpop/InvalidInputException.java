package io.vpop;

/**
 * Bad input from a user: a scenario field, a command-line option or a parameter file value outside
 * what is allowed. The message is one line that names the field, the value and what is allowed, so
 * the command line can print it as it is and exit with code 2.
 */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  /**
   * @param field where the value came from, e.g. {@code regimen[0].duration_h} or {@code --preset}
   * @param value the offending value as the user wrote it
   * @param allowed what would have been accepted, e.g. {@code "> 0 h"}
   */
  public InvalidInputException(String field, Object value, String allowed) {
    super(field + ": " + describe(value) + " is not allowed; allowed: " + allowed);
    this.field = field;
  }

  /** A problem that is not about one value (for example two fields that contradict each other). */
  public static InvalidInputException of(String field, String message) {
    return new InvalidInputException(field, message);
  }

  private InvalidInputException(String field, String message) {
    this(field, field + ": " + message, true);
  }

  /**
   * The same problem seen from an enclosing document, e.g. {@code duration_h} becomes {@code
   * regimen[0].duration_h}.
   */
  public InvalidInputException within(String prefix) {
    String qualified = prefix + "." + field;
    return new InvalidInputException(
        qualified, qualified + getMessage().substring(field.length()), true);
  }

  /**
   * The same problem reported under another name for the field, e.g. the command-line option that
   * set it.
   */
  public InvalidInputException renamed(String newField) {
    return new InvalidInputException(
        newField, newField + getMessage().substring(field.length()), true);
  }

  private InvalidInputException(String field, String fullMessage, boolean preformatted) {
    super(fullMessage);
    this.field = field;
  }

  /** The field the message is about. */
  public String field() {
    return field;
  }

  private static String describe(Object value) {
    if (value == null) {
      return "a missing value";
    }
    if (value instanceof String text) {
      return "'" + text + "'";
    }
    return String.valueOf(value);
  }
}
