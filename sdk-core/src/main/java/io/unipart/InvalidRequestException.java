package io.unipart;

import java.util.Objects;

/**
 * A request or client setting was rejected before any network call. It names the field and the
 * rule it broke, e.g. {@code key: must be 1..1024 UTF-8 bytes (was 1031)}.
 *
 * <pre>{@code
 * try {
 *   client.initiate(UploadRequest.builder().key("").build());
 * } catch (InvalidRequestException e) {
 *   e.field();  // "key"
 *   e.rule();   // "must not be empty"
 * }
 * }</pre>
 */
public class InvalidRequestException extends UploadException {
  private static final long serialVersionUID = 1L;

  /** The offending field. */
  private final String field;

  /** The rule it broke. */
  private final String rule;

  /**
   * Creates the exception.
   *
   * @param field the name of the offending field, as the builder method calls it
   * @param rule the rule it broke, phrased so that {@code field + ": " + rule} reads as a sentence;
   *     must not contain the rejected value if that value may be secret
   */
  public InvalidRequestException(String field, String rule) {
    super(
        Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(rule, "rule"),
        null,
        0);
    this.field = field;
    this.rule = rule;
  }

  /**
   * The offending field.
   *
   * @return the field name, e.g. {@code "key"} or {@code "metadata[owner]"}
   */
  public String field() {
    return field;
  }

  /**
   * The rule the field broke.
   *
   * @return a short human-readable rule
   */
  public String rule() {
    return rule;
  }
}
