package io.unipart.http;

import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseTooLargeException;
import java.io.IOException;
import java.time.Duration;

/**
 * Sends one HTTP request and reads the whole response: the one narrow seam between unipart and an
 * HTTP library. {@link OkHttpTransport} is the default; {@link JdkHttpTransport} uses the JDK's
 * own client. A transport never follows redirects (a redirect would carry credentials to another
 * host) and never retries: the request executor does that.
 *
 * <pre>{@code
 * HttpTransport transport = OkHttpTransport.create(myOkHttpClient);  // your proxies, TLS, pool
 * S3MultipartClient.builder()...transport(transport).build();
 * }</pre>
 *
 * <p>Implementations must be thread-safe.
 */
public interface HttpTransport extends AutoCloseable {

  /**
   * Sends a request and reads the response body, at most {@code maxBodyBytes} of it.
   *
   * @param request the signed request; its URI is sent as it is
   * @param timeout the bound for the whole exchange, from connecting to the last body byte
   * @param maxBodyBytes the largest body to accept
   * @return the response
   * @throws ResponseTooLargeException when the body is larger than allowed
   * @throws IOException when the exchange fails or times out
   */
  HttpResponse execute(HttpRequest request, Duration timeout, long maxBodyBytes)
      throws IOException;

  /**
   * The request as this transport will put it on the wire, with the headers it adds on its own
   * made explicit (a {@code Content-Length} it always sends), so a signer signs exactly what is
   * sent: a signed header that never arrives fails at the server, and a header the signer does
   * not know of cannot be signed. The executor signs what this returns.
   *
   * @param request the request as built
   * @return the request with the transport's implicit headers; by default the request itself
   */
  default HttpRequest onWire(HttpRequest request) {
    return request;
  }

  /**
   * Whether the transport sends path segments {@code .} and {@code ..} as they are. OkHttp cannot
   * (it resolves them); dialects reject such keys up front when it is false, rather than write to
   * another key.
   *
   * @return true when dot segments reach the server unchanged
   */
  default boolean preservesDotSegments() {
    return false;
  }

  /** Releases what this transport owns. A transport wrapping a caller's client leaves it open. */
  @Override
  default void close() {}
}
