package io.unipart;

import io.unipart.spi.ServiceError;


/**
 * The provider rejected the credentials: an unknown key, a wrong secret (a signature that does not
 * match), an expired token, or access denied.
 *
 * <pre>{@code
 * catch (AuthenticationException e) {
 *   e.errorCode();  // e.g. "SignatureDoesNotMatch", "InvalidAccessKeyId", "AccessDenied"
 * }
 * }</pre>
 */
public class AuthenticationException extends ServiceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param error what the provider answered
   * @param attempts how many attempts were made
   */
  public AuthenticationException(ServiceError error, int attempts) {
    super(error, attempts);
  }
}
