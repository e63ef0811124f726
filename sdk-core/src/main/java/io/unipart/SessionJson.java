package io.unipart;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes and reads {@link UploadSession} JSON by hand, so the format is ours, not a library's. */
final class SessionJson {
  static final int FORMAT = 1;

  private SessionJson() {}

  static String write(UploadSession s) {
    return JsonText.write(tree(s));
  }

  /** The session as the plain values {@link JsonText#write} takes. */
  static Map<String, Object> tree(UploadSession s) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", (long) FORMAT);
    root.put("dialect", s.dialect());
    root.put("uploadId", s.uploadId());
    root.put("destination", s.destination());
    root.put("key", s.key());
    s.requestId().ifPresent(id -> root.put("requestId", id));
    root.put("initiatedAt", s.initiatedAt().toString());
    s.partSize().ifPresent(v -> root.put("partSize", v));
    s.contentLength().ifPresent(v -> root.put("contentLength", v));
    if (!s.handles().isEmpty()) {
      root.put("handles", new LinkedHashMap<>(s.handles()));
    }
    if (!s.parts().isEmpty()) {
      List<Object> parts = new ArrayList<>();
      for (PartTarget p : s.parts()) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("partNumber", (long) p.partNumber());
        part.put("url", p.url().toString());
        p.expiresAt().ifPresent(e -> part.put("expiresAt", e.toString()));
        if (!p.headers().isEmpty()) {
          part.put("headers", new LinkedHashMap<>(p.headers()));
        }
        parts.add(part);
      }
      root.put("parts", parts);
    }
    return root;
  }

  static UploadSession read(String json) {
    if (json == null) {
      throw new InvalidRequestException("json", "must not be null");
    }
    Object parsed;
    try {
      parsed = JsonText.parse(json);
    } catch (JsonText.SyntaxException e) {
      throw new InvalidRequestException("json", "is not valid JSON: " + e.getMessage());
    }
    return read(parsed, "json");
  }

  /**
   * Reads a session from parsed JSON.
   *
   * @param parsed what {@link JsonText#parse} gave
   * @param field the name errors give the value (a checkpoint's session is inside it)
   */
  static UploadSession read(Object parsed, String field) {
    Map<String, Object> root = object(parsed, field, "must be a JSON object");
    Object format = root.get("format");
    if (!Long.valueOf(FORMAT).equals(format)) {
      throw new InvalidRequestException(
          field + ".format", "must be " + FORMAT + " (was " + format + ")");
    }
    UploadSession.Builder b =
        UploadSession.builder()
            .dialect(text(root, field, "dialect", true))
            .uploadId(text(root, field, "uploadId", true))
            .destination(text(root, field, "destination", true))
            .key(text(root, field, "key", true))
            .requestId(text(root, field, "requestId", false))
            .initiatedAt(instant(root, field, "initiatedAt", true))
            .partSize(number(root, field, "partSize"))
            .contentLength(number(root, field, "contentLength"));
    strings(root.get("handles"), field + ".handles").forEach(b::handle);
    if (root.get("parts") != null) {
      if (!(root.get("parts") instanceof List)) {
        throw new InvalidRequestException(field + ".parts", "must be an array");
      }
      String partField = field + ".parts";
      for (Object element : (List<?>) root.get("parts")) {
        Map<String, Object> part = object(element, partField, "must hold objects");
        Long number = number(part, partField, "partNumber");
        PartTarget.Builder pb =
            PartTarget.builder()
                .partNumber(number == null || number != number.intValue() ? -1 : number.intValue())
                .url(uri(text(part, partField, "url", true), partField))
                .expiresAt(instant(part, partField, "expiresAt", false));
        strings(part.get("headers"), partField + ".headers").forEach(pb::header);
        b.addPart(pb.build());
      }
    }
    return b.build();
  }

  /** An optional object of strings (absent or null: empty), in document order. */
  private static Map<String, String> strings(Object value, String field) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    for (Map.Entry<String, Object> e : object(value, field, "must be an object").entrySet()) {
      if (!(e.getValue() instanceof String)) {
        throw new InvalidRequestException(field + "." + e.getKey(), "must be a string");
      }
      out.put(e.getKey(), (String) e.getValue());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value, String field, String rule) {
    if (!(value instanceof Map)) {
      throw new InvalidRequestException(field, rule);
    }
    return (Map<String, Object>) value;
  }

  private static String text(
      Map<String, Object> node, String parent, String field, boolean required) {
    Object v = node.get(field);
    if (v == null) {
      if (required) {
        throw new InvalidRequestException(parent + "." + field, "is required");
      }
      return null;
    }
    if (!(v instanceof String)) {
      throw new InvalidRequestException(parent + "." + field, "must be a string");
    }
    return (String) v;
  }

  /** A whole number that fits a long, or null when absent. */
  static Long number(Map<String, Object> node, String parent, String field) {
    Object v = node.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Long)) {
      throw new InvalidRequestException(parent + "." + field, "must be a whole number");
    }
    return (Long) v;
  }

  private static Instant instant(
      Map<String, Object> node, String parent, String field, boolean required) {
    String s = text(node, parent, field, required);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      throw new InvalidRequestException(parent + "." + field, "must be an ISO-8601 instant");
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
