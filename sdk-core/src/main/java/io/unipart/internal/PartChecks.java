package io.unipart.internal;

import io.unipart.InvalidRequestException;
import io.unipart.UploadCapabilities;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.util.List;
import java.util.Objects;

/**
 * The checks every dialect's part and complete calls make before any network call, worded the
 * same way everywhere.
 *
 * <pre>{@code
 * PartChecks.session(DIALECT, session);
 * PartChecks.forComplete(DIALECT, CAPABILITIES, parts, true, session.parts().size());
 * }</pre>
 */
public final class PartChecks {
  private PartChecks() {}

  /**
   * The session belongs to this dialect.
   *
   * @param dialect the client's dialect
   * @param session the session
   * @throws InvalidRequestException when it does not
   */
  public static void session(String dialect, UploadSession session) {
    Objects.requireNonNull(session, "session");
    if (!dialect.equals(session.dialect())) {
      throw new InvalidRequestException(
          "session", "is a " + session.dialect() + " upload; this client speaks " + dialect);
    }
  }

  /**
   * A part number is within the dialect's range.
   *
   * @param caps the dialect's capabilities
   * @param field the field to name
   * @param partNumber the number
   * @throws InvalidRequestException when it is not
   */
  public static void partNumber(UploadCapabilities caps, String field, int partNumber) {
    int first = caps.firstPartNumber();
    int last = first + caps.maxPartCount() - 1;
    if (partNumber < first || partNumber > last) {
      throw new InvalidRequestException(
          field, "must be " + first + ".." + last + " (was " + partNumber + ")");
    }
  }

  /**
   * Parts for complete: non-empty, ascending without repeats, in range, with an ETag where the
   * dialect needs one, without gaps where it needs that, and all of them where the server issued
   * a fixed number of part URLs.
   *
   * @param dialect the dialect, for messages
   * @param caps its capabilities
   * @param parts the parts
   * @param etagRequired whether each part needs its ETag
   * @param expectedCount the exact number of parts needed, or -1 for any
   * @throws InvalidRequestException naming the rule broken
   */
  public static void forComplete(String dialect, UploadCapabilities caps,
      List<UploadedPart> parts, boolean etagRequired, int expectedCount) {
    Objects.requireNonNull(parts, "parts");
    if (parts.isEmpty()) {
      throw new InvalidRequestException("parts", "must name at least one part");
    }
    int previous = -1;
    for (int i = 0; i < parts.size(); i++) {
      UploadedPart p = Objects.requireNonNull(parts.get(i), "parts[" + i + "]");
      partNumber(caps, "parts[" + i + "].partNumber", p.partNumber());
      if (etagRequired && (p.etag().isEmpty() || p.etag().get().isBlank())) {
        throw new InvalidRequestException("parts[" + i + "].etag", "is required by " + dialect);
      }
      if (i > 0 && p.partNumber() <= previous) {
        throw new InvalidRequestException(
            "parts[" + i + "].partNumber",
            "must be ascending without repeats (" + p.partNumber() + " after " + previous + ")");
      }
      int expected = i == 0 ? caps.firstPartNumber() : previous + 1;
      if (caps.consecutivePartNumbers() && p.partNumber() != expected) {
        throw new InvalidRequestException(
            "parts[" + i + "].partNumber",
            dialect + " needs consecutive part numbers from " + caps.firstPartNumber()
                + ": expected " + expected + ", was " + p.partNumber());
      }
      previous = p.partNumber();
    }
    if (expectedCount >= 0 && parts.size() != expectedCount) {
      throw new InvalidRequestException("parts", dialect + " needs every one of the "
          + expectedCount + " parts its URLs were issued for (got " + parts.size() + ")");
    }
  }
}
