package io.unipart.cognite;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Supplies the OAuth bearer token sent to Cognite Data Fusion, asked before every attempt.
 * Implementations must be thread-safe and cache what is expensive to fetch.
 *
 * <pre>{@code
 * TokenSource fixed = TokenSource.of(accessToken);
 * TokenSource mine = TokenSource.from(() -> myIdp.currentToken());
 * TokenSource oauth = ClientCredentials.builder()
 *     .tokenUrl("https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token")
 *     .clientId(id).clientSecret(secret)
 *     .scopes("https://westeurope-1.cognitedata.com/.default")
 *     .build();
 * }</pre>
 */
public interface TokenSource {

  /**
   * The token for the next request, without the {@code Bearer } prefix.
   *
   * @return the token
   * @throws io.unipart.UploadException when no token can be had (e.g. the IdP refused)
   */
  String token();

  /**
   * Told that Cognite rejected a token (HTTP 401). A source that can get another drops this one
   * and returns true, and the request is retried once with a fresh token.
   *
   * @param rejected the token Cognite refused
   * @return true when a different token may now be had
   */
  default boolean invalidate(String rejected) {
    return false;
  }

  /**
   * Always the same token (a 401 is final).
   *
   * @param token the access token
   * @return the source
   */
  static TokenSource of(String token) {
    Objects.requireNonNull(token, "token");
    return () -> token;
  }

  /**
   * Asks a supplier before every attempt; after a 401 the supplier is asked again once.
   *
   * @param supplier returns the current token
   * @return the source
   */
  static TokenSource from(Supplier<String> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return new TokenSource() {
      @Override
      public String token() {
        return supplier.get();
      }

      @Override
      public boolean invalidate(String rejected) {
        return true;
      }
    };
  }
}
