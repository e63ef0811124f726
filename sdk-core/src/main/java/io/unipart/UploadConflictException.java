package io.unipart;

import io.unipart.spi.ServiceError;


/**
 * The object already exists and overwriting it was not asked for (RUM sourcemap's empty upload id,
 * Cognite's 409). The message says how to overwrite.
 *
 * <pre>{@code
 * catch (UploadConflictException e) {
 *   client.initiate(request.toBuilder().overwrite(true).build());
 * }
 * }</pre>
 */
public class UploadConflictException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param error what the provider answered
   * @param attempts how many attempts were made
   */
  public UploadConflictException(ServiceError error, int attempts) {
    super(error, attempts);
  }
}
