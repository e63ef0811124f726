package io.unipart;

import java.net.URI;
import java.time.Duration;

/**
 * Makes part URLs for clients that hold no credentials, such as a browser: each URL lets its
 * holder {@code PUT} one part of a started upload until it expires, and the ETag in that PUT's
 * answer goes into {@link MultipartClient#complete}. S3 and COS clients implement it.
 *
 * <pre>{@code
 * URI url = s3.presignPart(session, 3, Duration.ofMinutes(15));
 * }</pre>
 *
 * <p>A URL is a credential until it expires: hand it only to whoever should write that part.
 * The holder must send no header the store would need signed.
 */
public interface PartPresigner {

  /**
   * A URL that lets its holder PUT one part.
   *
   * @param session a session this client started or can serve
   * @param partNumber within the dialect's part numbers (S3 and COS: 1..10,000)
   * @param expiry how long the URL works, within the dialect's limit (S3 and COS: 7 days)
   * @return the URL
   * @throws InvalidRequestException before any signing, when an argument breaks a rule
   */
  URI presignPart(UploadSession session, int partNumber, Duration expiry);
}
