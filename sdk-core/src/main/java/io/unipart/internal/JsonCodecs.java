package io.unipart.internal;

import io.unipart.spi.ResponseFormatException;
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
 * <p>Responses are bound to typed classes with {@link #read(byte[], Class)}; a body that is not
 * JSON, or whose values have the wrong types, is a {@link ResponseFormatException} naming the
 * path.
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

  /**
   * A reader that takes every value as the type it is: no string for a number or a number for a
   * string, no fraction for a whole number. Built on first strict read.
   */
  private static final class Strict {
    static final ObjectReader READER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .withCoercionConfig(com.fasterxml.jackson.databind.type.LogicalType.Textual, c -> {
          for (com.fasterxml.jackson.databind.cfg.CoercionInputShape shape : new
              com.fasterxml.jackson.databind.cfg.CoercionInputShape[] {
                  com.fasterxml.jackson.databind.cfg.CoercionInputShape.Integer,
                  com.fasterxml.jackson.databind.cfg.CoercionInputShape.Float,
                  com.fasterxml.jackson.databind.cfg.CoercionInputShape.Boolean}) {
            c.setCoercion(shape, com.fasterxml.jackson.databind.cfg.CoercionAction.Fail);
          }
        })
        .build().reader();
  }

  private JsonCodecs() {}

  /**
   * Binds a response body to a typed class (unknown names ignored).
   *
   * @param body the body
   * @param type the class
   * @param <T> the type
   * @return the value; never null
   * @throws ResponseFormatException when the body is empty, not JSON, or a value has the wrong
   *     type (the message names its path)
   */
  public static <T> T read(byte[] body, Class<T> type) throws ResponseFormatException {
    return read(Json.READER, body, type);
  }

  /**
   * Like {@link #read(byte[], Class)}, taking every value only as the type it is: a string where
   * a number belongs (or a number where a string does), or a fraction where a whole number does,
   * is a wrong type. For values something important is decided on.
   *
   * @param body the body
   * @param type the class
   * @param <T> the type
   * @return the value; never null
   * @throws ResponseFormatException as {@link #read(byte[], Class)} does
   */
  public static <T> T readStrict(byte[] body, Class<T> type) throws ResponseFormatException {
    return read(Strict.READER, body, type);
  }

  private static <T> T read(ObjectReader reader, byte[] body, Class<T> type)
      throws ResponseFormatException {
    if (body == null || body.length == 0) {
      throw new ResponseFormatException("the body is empty");
    }
    try {
      T value = reader.forType(type).readValue(body);
      if (value == null) {
        throw new ResponseFormatException("the body is null");
      }
      return value;
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      StringBuilder path = new StringBuilder();
      for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : e.getPath()) {
        if (r.getFieldName() != null) {
          path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          path.append('[').append(r.getIndex()).append(']');
        }
      }
      throw new ResponseFormatException(path.length() == 0 ? "the body is not the expected"
          + " JSON object" : path + " has the wrong type");
    } catch (java.io.IOException e) {
      throw new ResponseFormatException("the body is not JSON");
    }
  }

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
   * Writes a request body (a typed value, or a tree) as UTF-8 JSON.
   *
   * @param value the body, e.g. a record whose absent fields are null and left out by its
   *     {@code @JsonInclude}
   * @return the bytes
   */
  public static byte[] bytes(Object value) {
    try {
      return writer().writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON body", e);
    }
  }
}
