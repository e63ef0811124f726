package io.unipart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipart.spi.Codecs;
import java.net.URI;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;

/** Writes and reads {@link UploadSession} JSON by hand, so the format is ours, not Jackson's. */
final class SessionJson {
  static final int FORMAT = 1;

  private SessionJson() {}

  static String write(UploadSession s) {
    ObjectNode root = Codecs.jsonNodes().objectNode();
    root.put("format", FORMAT);
    root.put("dialect", s.dialect());
    root.put("uploadId", s.uploadId());
    root.put("destination", s.destination());
    root.put("key", s.key());
    s.requestId().ifPresent(id -> root.put("requestId", id));
    root.put("initiatedAt", s.initiatedAt().toString());
    s.partSize().ifPresent(v -> root.put("partSize", v));
    s.contentLength().ifPresent(v -> root.put("contentLength", v));
    if (!s.handles().isEmpty()) {
      ObjectNode handles = root.putObject("handles");
      s.handles().forEach(handles::put);
    }
    if (!s.parts().isEmpty()) {
      ArrayNode parts = root.putArray("parts");
      for (PartTarget p : s.parts()) {
        ObjectNode part = parts.addObject();
        part.put("partNumber", p.partNumber());
        part.put("url", p.url().toString());
        p.expiresAt().ifPresent(e -> part.put("expiresAt", e.toString()));
        if (!p.headers().isEmpty()) {
          ObjectNode headers = part.putObject("headers");
          p.headers().forEach(headers::put);
        }
      }
    }
    try {
      return Codecs.jsonWriter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  static UploadSession read(String json) {
    if (json == null) {
      throw new InvalidRequestException("json", "must not be null");
    }
    JsonNode root;
    try {
      root = Codecs.jsonReader().readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          "json", "is not valid JSON (line " + e.getLocation().getLineNr() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException("json", "must be a JSON object");
    }
    int format = root.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new InvalidRequestException(
          "json.format", "must be " + FORMAT + " (was " + root.path("format") + ")");
    }
    UploadSession.Builder b =
        UploadSession.builder()
            .dialect(text(root, "dialect", true))
            .uploadId(text(root, "uploadId", true))
            .destination(text(root, "destination", true))
            .key(text(root, "key", true))
            .requestId(text(root, "requestId", false))
            .initiatedAt(instant(root, "initiatedAt", true))
            .partSize(number(root, "partSize"))
            .contentLength(number(root, "contentLength"));
    JsonNode handles = root.path("handles");
    if (!handles.isMissingNode()) {
      if (!handles.isObject()) {
        throw new InvalidRequestException("json.handles", "must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = handles.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw new InvalidRequestException("json.handles." + e.getKey(), "must be a string");
        }
        b.handle(e.getKey(), e.getValue().asText());
      }
    }
    JsonNode parts = root.path("parts");
    if (!parts.isMissingNode()) {
      if (!parts.isArray()) {
        throw new InvalidRequestException("json.parts", "must be an array");
      }
      for (JsonNode part : parts) {
        PartTarget.Builder pb =
            PartTarget.builder()
                .partNumber(part.path("partNumber").asInt(-1))
                .url(uri(text(part, "url", true)))
                .expiresAt(instant(part, "expiresAt", false));
        JsonNode headers = part.path("headers");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          pb.header(e.getKey(), e.getValue().asText());
        }
        b.addPart(pb.build());
      }
    }
    return b.build();
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new InvalidRequestException("json." + field, "is required");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidRequestException("json." + field, "must be a string");
    }
    return v.asText();
  }

  private static Long number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new InvalidRequestException("json." + field, "must be a whole number");
    }
    return v.asLong();
  }

  private static Instant instant(JsonNode node, String field, boolean required) {
    String s = text(node, field, required);
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (RuntimeException e) {
      throw new InvalidRequestException("json." + field, "must be an ISO-8601 instant");
    }
  }

  private static URI uri(String s) {
    try {
      return URI.create(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("json.parts.url", "must be a valid URI");
    }
  }
}
