package io.unipart;

import io.unipart.spi.ServiceError;

/**
 * The upload is not on the server: aborted, completed, or removed by the bucket's lifecycle rule.
 * S3 and COS answer {@code 404 NoSuchUpload}; some S3-compatible stores answer {@code NoSuchKey}
 * instead, which is taken the same way (the client addresses objects only by {@code HEAD}, whose
 * answers carry no error code, so {@code NoSuchKey} always concerns the upload). Nothing more can
 * be sent to it: start a new upload, or, for a complete whose answer was lost, look the object up.
 *
 * <pre>{@code
 * catch (UploadNotFoundException e) {
 *   session = client.initiate(request);   // the old upload is gone; its parts with it
 * }
 * }</pre>
 */
public class UploadNotFoundException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param error what the provider answered
   * @param attempts how many attempts were made
   */
  public UploadNotFoundException(ServiceError error, int attempts) {
    super(error, attempts);
  }
}
