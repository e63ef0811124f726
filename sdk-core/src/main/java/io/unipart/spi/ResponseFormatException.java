package io.unipart.spi;

/**
 * A {@link ResponseParser} found a body that is not what the dialect documents. The request
 * executor turns it into a {@link io.unipart.ServiceException} of kind {@link
 * ServiceError.Kind#MALFORMED_RESPONSE}.
 *
 * <pre>{@code
 * if (uploadId == null) throw new ResponseFormatException("UploadId is missing");
 * }</pre>
 */
public class ResponseFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the body, free of secrets
   */
  public ResponseFormatException(String message) {
    super(message);
  }
}
