package io.unipart.cognite;

import io.unipart.internal.FieldChecks;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.Signer;
import io.unipart.InvalidRequestException;
import java.time.Instant;

/** {@code Authorization: Bearer <token>}; a 401 makes the token source drop the token it gave. */
final class BearerSigner implements Signer {
  private static final String PREFIX = "Bearer ";

  private final TokenSource tokens;

  BearerSigner(TokenSource tokens) {
    this.tokens = tokens;
  }

  @Override
  public HttpRequest sign(HttpRequest request, Instant now) {
    String token = tokens.token();
    if (token == null || token.isBlank()) {
      throw new InvalidRequestException("token", "the token source returned no token");
    }
    FieldChecks.credential("token", token);
    return request.toBuilder().header("Authorization", PREFIX + token).build();
  }

  @Override
  public boolean credentialsRejected(HttpRequest signed) {
    String auth = signed.header("Authorization");
    return auth != null && auth.startsWith(PREFIX)
        && tokens.invalidate(auth.substring(PREFIX.length()));
  }
}
