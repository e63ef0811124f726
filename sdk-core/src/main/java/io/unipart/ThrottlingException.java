package io.unipart;

import io.unipart.spi.ServiceError;


/**
 * The provider kept throttling the call (S3's {@code SlowDown}, HTTP 429 or 503, Guance's {@code
 * ft.TriggerApi*CurrentLimiting}) until the client's {@link RetryPolicy} throttling budget or the
 * call's deadline ran out. Nothing is wrong with the request: send fewer requests at once (lower
 * the uploader's concurrency) or try again later.
 *
 * <pre>{@code
 * catch (ThrottlingException e) {
 *   log.warn("{} throttled the upload after {} attempts", e.errorCode(), e.attempts());
 * }
 * }</pre>
 */
public class ThrottlingException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param error what the provider answered last
   * @param attempts how many attempts were made
   */
  public ThrottlingException(ServiceError error, int attempts) {
    super(error, attempts);
  }
}
