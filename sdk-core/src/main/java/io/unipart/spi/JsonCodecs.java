package io.unipart.spi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The Jackson JSON codecs the JSON dialects (Cognite, RUM, presigned) share: configured once,
 * immutable, thread-safe. Only readers and writers are handed out, so nobody can reconfigure them
 * for everyone.
 *
 * <pre>{@code
 * JsonNode body = JsonCodecs.reader().readTree(response.body());
 * }</pre>
 *
 * <p>Jackson is an optional dependency of {@code sdk-core}: the JSON dialect modules bring it, the
 * S3 and COS modules do not. A dialect of your own that uses this class must depend on {@code
 * com.fasterxml.jackson.core:jackson-databind} itself.
 */
public final class JsonCodecs {
  /**
   * The mapper, built on first use (initialization-on-demand holder), so loading this class costs
   * nothing until JSON is read or written.
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    static final ObjectReader READER = MAPPER.reader();
    static final ObjectWriter WRITER = MAPPER.writer();
  }

  private JsonCodecs() {}

  /**
   * Reads JSON.
   *
   * @return the shared reader
   */
  public static ObjectReader reader() {
    return Json.READER;
  }

  /**
   * Writes JSON.
   *
   * @return the shared writer
   */
  public static ObjectWriter writer() {
    return Json.WRITER;
  }

  /**
   * Makes JSON trees.
   *
   * @return the node factory
   */
  public static JsonNodeFactory nodes() {
    return JsonNodeFactory.instance;
  }

  /**
   * Writes a JSON tree as UTF-8 bytes, for request bodies.
   *
   * @param tree the tree
   * @return the bytes
   */
  public static byte[] bytes(JsonNode tree) {
    try {
      return writer().writeValueAsBytes(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
