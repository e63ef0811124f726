package io.unipart;

import io.unipart.spi.ServiceError;
import java.util.Map;
import java.util.Objects;

/**
 * The provider answered, and the answer was no: an error status, an error document, or a success
 * status whose body is not what the dialect documents (empty, truncated, an HTML page from a
 * proxy, an {@code <Error>} document inside a 200). unipart never returns a half-filled session.
 *
 * <pre>{@code
 * catch (ServiceException e) {
 *   e.httpStatus();   // 503
 *   e.errorCode();    // "SlowDown" (the provider's own code), or null when it sent none
 *   e.errorMessage(); // the provider's message
 *   e.requestId();    // quote this to the provider's support
 *   e.isRetryable();  // retries were allowed for this error (and ran out)
 * }
 * }</pre>
 *
 * <p>Subtypes users commonly branch on: {@link AuthenticationException} and {@link
 * UploadConflictException}.
 */
public class ServiceException extends UploadException {
  private static final long serialVersionUID = 1L;

  private final transient ServiceError error;

  /**
   * Creates the exception from a classified provider error.
   *
   * @param error what the provider answered
   * @param attempts how many attempts were made
   */
  public ServiceException(ServiceError error, int attempts) {
    super(Objects.requireNonNull(error, "error").describe(), null, attempts);
    this.error = error;
  }

  /**
   * Creates the right subtype for an error's {@link ServiceError#kind() kind}.
   *
   * @param error what the provider answered
   * @param attempts how many attempts were made
   * @return an {@link AuthenticationException}, {@link UploadConflictException}, {@link
   *     UploadNotFoundException}, {@link ThrottlingException} or plain {@code ServiceException}
   */
  public static ServiceException of(ServiceError error, int attempts) {
    switch (error.kind()) {
      case AUTHENTICATION:
        return new AuthenticationException(error, attempts);
      case CONFLICT:
        return new UploadConflictException(error, attempts);
      case UPLOAD_NOT_FOUND:
        return new UploadNotFoundException(error, attempts);
      default:
        return error.throttling() ? new ThrottlingException(error, attempts)
            : new ServiceException(error, attempts);
    }
  }

  /**
   * The full classified error.
   *
   * @return the error
   */
  public ServiceError error() {
    return error;
  }

  /**
   * The HTTP status of the last answer.
   *
   * @return the status code
   */
  public int httpStatus() {
    return error.httpStatus();
  }

  /**
   * The provider's own error code, such as {@code AccessDenied}.
   *
   * @return the code, or null when the provider sent none
   */
  public String errorCode() {
    return error.code();
  }

  /**
   * The provider's message, or unipart's description when the body was not an error document.
   *
   * @return the message, never null
   */
  public String errorMessage() {
    return error.message();
  }

  /**
   * The provider's request id, for its support.
   *
   * @return the request id, or null when none was sent
   */
  public String requestId() {
    return error.requestId();
  }

  /**
   * Further provider fields (S3's {@code HostId}, COS's {@code TraceId}, ...).
   *
   * @return an unmodifiable map, possibly empty
   */
  public Map<String, String> details() {
    return error.details();
  }

  /**
   * Whether this error may succeed when retried (the client already retried it as its {@link
   * RetryPolicy} allowed).
   *
   * @return true for throttling, server-side and transient errors
   */
  public boolean isRetryable() {
    return error.retryable();
  }

  /**
   * Whether the provider throttled the call (HTTP 429, S3 {@code SlowDown}, ...).
   *
   * @return true for throttling
   */
  public boolean isThrottling() {
    return error.throttling();
  }
}
