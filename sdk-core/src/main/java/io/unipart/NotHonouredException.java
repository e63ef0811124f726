package io.unipart;

/**
 * The store accepted what was asked of it but provably did not do it: an SSE-C upload whose probe
 * object reads without its key (the data would have been stored in the clear), for instance.
 * Thrown before the data that depended on it is sent; nothing of the upload is left on the store.
 * A 200 proves only that a store did not object, so unipart checks such promises where a store
 * may silently drop them, and reports here what it found.
 *
 * <pre>{@code
 * catch (NotHonouredException e) {
 *   e.feature();   // "SSE-C"
 *   e.getMessage(); // what was asked, what the store did instead, what to do
 * }
 * }</pre>
 */
public class NotHonouredException extends UploadException {
  private static final long serialVersionUID = 1L;

  /** What was not honoured. */
  private final String feature;

  /**
   * Creates the exception.
   *
   * @param feature what was not honoured, e.g. {@code SSE-C}
   * @param message what was asked, what the store did instead, and what to do
   */
  public NotHonouredException(String feature, String message) {
    super(message, null, 1);
    this.feature = java.util.Objects.requireNonNull(feature, "feature");
  }

  /**
   * What the store did not honour.
   *
   * @return e.g. {@code SSE-C}
   */
  public String feature() {
    return feature;
  }
}
