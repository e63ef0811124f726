package io.unipart;

/**
 * The one base of every exception unipart throws. All are unchecked.
 *
 * <pre>{@code
 * try {
 *   UploadSession session = client.initiate(request);
 * } catch (InvalidRequestException e) {   // rejected before any network call
 *   log.warn("bad input: {} ({})", e.field(), e.rule());
 * } catch (ServiceException e) {          // the provider said no
 *   log.warn("{} {} request id {}", e.httpStatus(), e.errorCode(), e.requestId());
 * } catch (TransportException e) {        // network failure or timeout after retries
 *   log.warn("gave up after {} attempts", e.attempts(), e);
 * }
 * }</pre>
 *
 * <p>Messages never contain credentials or signatures.
 */
public class UploadException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** HTTP attempts made. */
  private final int attempts;

  /**
   * For subclasses.
   *
   * @param message what went wrong, free of secrets
   * @param cause the underlying failure, or null
   * @param attempts how many HTTP attempts were made, 0 when nothing was sent
   */
  protected UploadException(String message, Throwable cause, int attempts) {
    super(message, cause);
    this.attempts = attempts;
  }

  /**
   * How many HTTP attempts were made before this exception was thrown.
   *
   * @return the attempt count; 0 when the call was rejected before any network I/O
   */
  public int attempts() {
    return attempts;
  }
}
