package io.unipart.spi;

/**
 * Turns a successful response into a value. Part of a dialect.
 *
 * <pre>{@code
 * ResponseParser<String> uploadId = response -> {
 *   Codecs.XmlDocument doc = Codecs.readXml(response.body());
 *   String id = doc.text("UploadId");
 *   if (id == null || id.isEmpty()) throw new ResponseFormatException("UploadId is missing");
 *   return id;
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
