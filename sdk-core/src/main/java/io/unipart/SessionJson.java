package io.unipart;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session and checkpoint JSON, as documents Jackson binds: strict (a name given twice, content
 * after the value, a number where a string belongs, a fraction where a whole number belongs, are
 * all refused), unknown names ignored (a newer writer may add some), and every error an {@link
 * InvalidRequestException} naming the field, e.g. {@code checkpoint.parts.partNumber}.
 */
final class SessionJson {
  static final int FORMAT = 1;

  private SessionJson() {}

  /** Built on first use: a Jackson mapper costs a cold start some milliseconds. */
  private static final class Mapper {
    static final ObjectMapper JSON = JsonMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .withCoercionConfig(LogicalType.Textual, text -> text
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .build();
  }

  /** {@link UploadSession} as written. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"format", "dialect", "uploadId", "destination", "key", "requestId",
      "initiatedAt", "partSize", "contentLength", "handles", "parts"})
  static final class SessionDoc {
    public Long format;
    public String dialect;
    public String uploadId;
    public String destination;
    public String key;
    public String requestId;
    public String initiatedAt;
    public Long partSize;
    public Long contentLength;
    public LinkedHashMap<String, String> handles;
    public List<TargetDoc> parts;
  }

  /** A {@link PartTarget} as written. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"partNumber", "url", "expiresAt", "headers"})
  static final class TargetDoc {
    public Long partNumber;
    public String url;
    public String expiresAt;
    public LinkedHashMap<String, String> headers;
  }

  /** {@link UploadCheckpoint} as written. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"format", "session", "partSize", "partSizeDoublesEvery", "partSizeCap",
      "contentLength", "sourceLastModified", "parts"})
  static final class CheckpointDoc {
    public Long format;
    public SessionDoc session;
    public Long partSize;
    /** A stream's growing parts: each size doubles every this many parts (absent: fixed). */
    public Long partSizeDoublesEvery;
    /** ... up to this size. */
    public Long partSizeCap;
    public Long contentLength;
    public Long sourceLastModified;
    public List<RecordedPartDoc> parts;
  }

  /** A recorded part of a checkpoint. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"partNumber", "etag", "size", "crc32c", "checksumAlgorithm", "checksum",
      "check"})
  static final class RecordedPartDoc {
    public Long partNumber;
    public String etag;
    public Long size;
    public String crc32c;
    public String checksumAlgorithm;
    public String checksum;
    /** The {@link PartCheck} that proved the part, by name; absent before unipart 0.2. */
    public String check;
  }

  static String write(UploadSession s) {
    return write(doc(s));
  }

  static String write(Object doc) {
    try {
      return Mapper.JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** The session as its document. */
  static SessionDoc doc(UploadSession s) {
    SessionDoc d = new SessionDoc();
    d.format = (long) FORMAT;
    d.dialect = s.dialect();
    d.uploadId = s.uploadId();
    d.destination = s.destination();
    d.key = s.key();
    d.requestId = s.requestId().orElse(null);
    d.initiatedAt = s.initiatedAt().toString();
    d.partSize = s.partSize().isPresent() ? s.partSize().getAsLong() : null;
    d.contentLength = s.contentLength().isPresent() ? s.contentLength().getAsLong() : null;
    d.handles = s.handles().isEmpty() ? null : new LinkedHashMap<>(s.handles());
    if (!s.parts().isEmpty()) {
      d.parts = new ArrayList<>();
      for (PartTarget p : s.parts()) {
        TargetDoc t = new TargetDoc();
        t.partNumber = (long) p.partNumber();
        t.url = p.url().toString();
        t.expiresAt = p.expiresAt().map(Instant::toString).orElse(null);
        t.headers = p.headers().isEmpty() ? null : new LinkedHashMap<>(p.headers());
        d.parts.add(t);
      }
    }
    return d;
  }

  static UploadSession read(String json) {
    if (json == null) {
      throw new InvalidRequestException("json", "must not be null");
    }
    return read(parse(json, SessionDoc.class, "json"), "json");
  }

  /**
   * Binds a document, turning Jackson's errors into ones that name the field: a syntax error
   * names {@code root} and says what and on which line; a value of the wrong type names its
   * path, e.g. {@code checkpoint.parts.size}.
   */
  static <T> T parse(String json, Class<T> type, String root) {
    try {
      T doc = Mapper.JSON.readValue(json, type);
      if (doc == null) {
        throw new InvalidRequestException(root, "must be a JSON object");
      }
      return doc;
    } catch (JsonMappingException e) {
      if (e.getPath().isEmpty()) {
        throw new InvalidRequestException(root, "must be a JSON object");
      }
      StringBuilder field = new StringBuilder(root);
      for (JsonMappingException.Reference r : e.getPath()) {
        if (r.getFieldName() != null) {
          field.append('.').append(r.getFieldName());
        }
      }
      throw new InvalidRequestException(field.toString(), rule(e));
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")";
      throw new InvalidRequestException(root, "is not valid JSON: " + e.getOriginalMessage()
          + where);
    }
  }

  private static String rule(JsonMappingException e) {
    Class<?> target = e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException
        ? ((com.fasterxml.jackson.databind.exc.MismatchedInputException) e).getTargetType()
        : null;
    if (target == String.class) {
      return "must be a string";
    }
    if (target == Long.class || target == long.class) {
      return "must be a whole number";
    }
    if (target != null && List.class.isAssignableFrom(target)) {
      return "must be an array";
    }
    if (target != null && Map.class.isAssignableFrom(target)) {
      return "must be an object of strings";
    }
    return "must be an object";
  }

  /**
   * A session from its document.
   *
   * @param d the document
   * @param field the name errors give the value (a checkpoint's session is inside it)
   */
  static UploadSession read(SessionDoc d, String field) {
    if (d.format == null || d.format != FORMAT) {
      throw new InvalidRequestException(
          field + ".format", "must be " + FORMAT + " (was " + d.format + ")");
    }
    UploadSession.Builder b =
        UploadSession.builder()
            .dialect(required(d.dialect, field + ".dialect"))
            .uploadId(required(d.uploadId, field + ".uploadId"))
            .destination(required(d.destination, field + ".destination"))
            .key(required(d.key, field + ".key"))
            .requestId(d.requestId)
            .initiatedAt(instant(required(d.initiatedAt, field + ".initiatedAt"),
                field + ".initiatedAt"))
            .partSize(d.partSize)
            .contentLength(d.contentLength);
    if (d.handles != null) {
      d.handles.forEach((k, v) -> b.handle(k, nonNull(v, field + ".handles." + k)));
    }
    if (d.parts != null) {
      String partField = field + ".parts";
      for (TargetDoc t : d.parts) {
        if (t == null) {
          throw new InvalidRequestException(partField, "must hold objects");
        }
        PartTarget.Builder pb =
            PartTarget.builder()
                .partNumber(t.partNumber == null || t.partNumber != t.partNumber.intValue() ? -1
                    : t.partNumber.intValue())
                .url(uri(required(t.url, partField + ".url"), partField))
                .expiresAt(t.expiresAt == null ? null
                    : instant(t.expiresAt, partField + ".expiresAt"));
        if (t.headers != null) {
          t.headers.forEach((k, v) -> pb.header(k, nonNull(v, partField + ".headers." + k)));
        }
        b.addPart(pb.build());
      }
    }
    return b.build();
  }

  static String required(String value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, "is required");
    }
    return value;
  }

  private static String nonNull(String value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, "must be a string");
    }
    return value;
  }

  private static Instant instant(String s, String field) {
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      throw new InvalidRequestException(field, "must be an ISO-8601 instant");
    }
  }

  private static URI uri(String s, String parent) {
    try {
      return URI.create(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(parent + ".url", "must be a valid URI");
    }
  }
}
