package io.unipart.spi;

import java.io.IOException;

/**
 * A response body was larger than the transport was allowed to read. Control-plane answers are
 * small, so this means a broken or hostile server; it is never retried.
 *
 * <pre>{@code
 * if (read > maxBodyBytes) throw new ResponseTooLargeException(status, maxBodyBytes);
 * }</pre>
 */
public class ResponseTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The response's HTTP status. */
  private final int status;

  /**
   * Creates the exception.
   *
   * @param status the response's HTTP status
   * @param limit the cap that was exceeded, in bytes
   */
  public ResponseTooLargeException(int status, long limit) {
    super("HTTP " + status + " response body exceeds the " + limit + "-byte limit");
    this.status = status;
  }

  /**
   * The status of the oversized response.
   *
   * @return the HTTP status
   */
  public int status() {
    return status;
  }
}
