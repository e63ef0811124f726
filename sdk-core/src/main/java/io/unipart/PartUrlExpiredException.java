package io.unipart;

import io.unipart.spi.ServiceError;


/**
 * A presigned part URL the server handed out can no longer be used: its expiry passed, or the
 * storage behind it refused it (403). {@link MultipartClient#renewPartUrls} fetches fresh ones;
 * the {@link MultipartUploader} does so by itself and sends the part again.
 *
 * <pre>{@code
 * try {
 *   client.uploadPart(session, 3, content);
 * } catch (PartUrlExpiredException e) {
 *   session = client.renewPartUrls(session);
 *   client.uploadPart(session, 3, content);
 * }
 * }</pre>
 */
public class PartUrlExpiredException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /** The part whose URL expired. */
  private final int partNumber;

  /**
   * Creates the exception.
   *
   * @param error what the storage answered (or why the URL was not even tried)
   * @param attempts attempts made
   * @param partNumber the part whose URL expired
   */
  public PartUrlExpiredException(ServiceError error, int attempts, int partNumber) {
    super(error, attempts);
    this.partNumber = partNumber;
  }

  /**
   * The part whose URL expired.
   *
   * @return the part number
   */
  public int partNumber() {
    return partNumber;
  }
}
