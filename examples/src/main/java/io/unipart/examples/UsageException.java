package io.unipart.examples;

/** Bad command-line usage or input: exit status 2, one line, and a pointer to {@code --help}. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }

  /** The value, or a usage error saying the flag is required. */
  static String require(String flag, String value) throws UsageException {
    if (value == null || value.isEmpty()) {
      throw new UsageException(flag + " is required");
    }
    return value;
  }
}
