package io.unipart;

/**
 * The network failed (connection refused or reset, DNS, TLS) or a timeout or deadline expired,
 * and retries, if any were allowed, ran out. {@link #getCause()} holds the last I/O failure.
 *
 * <pre>{@code
 * catch (TransportException e) {
 *   if (e.isTimeout()) { ... }   // the per-attempt timeout or the call's deadline expired
 *   e.attempts();                // how many attempts were made
 * }
 * }</pre>
 */
public class TransportException extends UploadException {
  private static final long serialVersionUID = 1L;

  /** Whether a timeout ended the call. */
  private final boolean timeout;

  /**
   * Creates the exception.
   *
   * @param message what failed, free of secrets
   * @param cause the last I/O failure, or null
   * @param attempts how many attempts were made
   * @param timeout whether a timeout or deadline ended the call
   */
  public TransportException(String message, Throwable cause, int attempts, boolean timeout) {
    super(message, cause, attempts);
    this.timeout = timeout;
  }

  /**
   * Whether a timeout (connect, read, write, per attempt) or the call's deadline ended the call.
   *
   * @return true for timeouts
   */
  public boolean isTimeout() {
    return timeout;
  }
}
