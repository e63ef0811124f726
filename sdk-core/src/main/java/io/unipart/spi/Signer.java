package io.unipart.spi;

import java.time.Instant;

/**
 * Adds a dialect's authentication to a request. Called once per attempt, so every retry is signed
 * afresh with a current time and current credentials.
 *
 * <pre>{@code
 * Signer bearer = (request, now) ->
 *     request.toBuilder().header("Authorization", "Bearer " + tokens.get()).build();
 * }</pre>
 */
@FunctionalInterface
public interface Signer {

  /** A signer that adds nothing (for presigned URLs). */
  Signer NONE = (request, now) -> request;

  /**
   * Signs a request.
   *
   * @param request the request to send
   * @param now the signing time (the client's clock, corrected for known skew)
   * @return the request with authentication added
   */
  HttpRequest sign(HttpRequest request, Instant now);

  /**
   * Told that the server answered 401 to a request this signer signed. A signer whose credentials
   * can be renewed (an OAuth token) drops the ones it used and returns true; the executor then
   * retries once at once, signing with fresh credentials.
   *
   * @param signed the request as it was sent
   * @return true when new credentials are worth one more attempt
   */
  default boolean credentialsRejected(HttpRequest signed) {
    return false;
  }
}
