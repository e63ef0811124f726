package io.unipart.spi;

/**
 * Decides whether a response is a success and, if not, what kind of error it is. Part of a
 * dialect. Must not throw: anything it cannot read becomes a generic error for the status.
 *
 * <pre>{@code
 * ErrorClassifier classifier = response -> response.isSuccessful()
 *     ? null
 *     : ServiceError.builder(response.status()).build();
 * }</pre>
 */
@FunctionalInterface
public interface ErrorClassifier {

  /**
   * Classifies a response.
   *
   * @param response the response, body already read
   * @return null for a success, otherwise the error (a 2xx can be an error too)
   */
  ServiceError classify(HttpResponse response);
}
