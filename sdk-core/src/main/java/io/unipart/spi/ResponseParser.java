package io.unipart.spi;

import io.unipart.internal.JsonCodecs;

/**
 * Turns a successful response into a value. Part of a dialect.
 *
 * <pre>{@code
 * ResponseParser<String> fileId = response -> {
 *   JsonNode body = JsonCodecs.reader().readTree(response.body());
 *   if (!body.path("id").isTextual()) throw new ResponseFormatException("id is missing");
 *   return body.get("id").asText();
 * };
 * }</pre>
 *
 * @param <T> what the response becomes
 */
@FunctionalInterface
public interface ResponseParser<T> {

  /**
   * Parses a response the dialect's {@link ErrorClassifier} accepted.
   *
   * @param response the response
   * @return the value
   * @throws ResponseFormatException when the body is not what the dialect documents
   */
  T parse(HttpResponse response) throws ResponseFormatException;
}
