package io.unipart.rum;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipart.UploadedPart;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.JsonCodecs;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Guance's envelope ({@code code}, {@code content}, {@code errorCode}, {@code message}, {@code
 * success}, {@code traceId}): a success needs HTTP 2xx, {@code success: true} and an empty
 * {@code errorCode}. Throttling arrives as HTTP 401 and is told apart by its code.
 */
final class RumResponses {
  static final Set<String> THROTTLING_CODES =
      Set.of("ft.TriggerApiAkCurrentLimiting", "ft.TriggerApiWorkspaceCurrentLimiting");
  static final String INVALID_KEY = "ft.InvalidAPIKey";

  private RumResponses() {}

  static ServiceError classify(HttpResponse response) {
    JsonNode envelope = envelope(response);
    int status = response.status();
    if (response.isSuccessful() && envelope != null && isSuccess(envelope)) {
      JsonNode content = envelope.get("content");
      JsonNode uploadId = content == null ? null : content.get("uploadId");
      if (uploadId != null && uploadId.isTextual() && uploadId.asText().isEmpty()) {
        return ServiceError.builder(status)
            .kind(ServiceError.Kind.CONFLICT)
            .message("Guance returned an empty uploadId: a sourcemap for this app, version and"
                + " env already exists")
            .requestId(envelope.path("traceId").asText(null))
            .detail("existsOldTask", content.path("existsOldTask").asText(null))
            .detail("existsSameFile", content.path("existsSameFile").asText(null))
            .build();
      }
      return null;
    }
    ServiceError.Builder b = ServiceError.builder(status);
    if (envelope == null) {
      String snippet = response.bodySnippet(160);
      b.message(status >= 300 && status < 400
          ? "redirect not followed (requests carrying the API key never are)"
          : "HTTP " + status + (snippet.isEmpty() ? " with an empty body"
              : " with a body that is not a Guance envelope: " + snippet));
    } else {
      String errorCode = envelope.path("errorCode").asText("");
      b.code(errorCode)
          .message(envelope.path("message").asText(null))
          .requestId(envelope.path("traceId").asText(null))
          .detail("code", envelope.path("code").asText(null));
      if (b.build().message().equals("HTTP " + status) && response.isSuccessful()) {
        b.message("Guance answered success: false");
      }
      if (THROTTLING_CODES.contains(errorCode)) {
        return b.throttling(true).build();
      }
      if (INVALID_KEY.equals(errorCode)) {
        return b.kind(ServiceError.Kind.AUTHENTICATION).build();
      }
    }
    if (status == 401 || status == 403) {
      b.kind(ServiceError.Kind.AUTHENTICATION);
    }
    if (status == 429) {
      b.throttling(true);
    }
    return b.build();
  }

  private static boolean isSuccess(JsonNode envelope) {
    return envelope.path("success").asBoolean(false)
        && envelope.path("errorCode").asText("").isEmpty();
  }

  private static JsonNode envelope(HttpResponse response) {
    try {
      JsonNode json = JsonCodecs.reader().readTree(response.body());
      return json != null && json.isObject() && json.has("success") ? json : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A successful answer's trace id. */
  static String traceId(HttpResponse response) throws ResponseFormatException {
    JsonNode envelope = envelope(response);
    if (envelope == null) {
      throw new ResponseFormatException("the body is not a Guance envelope");
    }
    return envelope.path("traceId").asText(null);
  }

  /** An {@code upload_part} answer: the chunk index it echoes must be the one sent. */
  static String checkChunk(HttpResponse response, int chunkIndex) throws ResponseFormatException {
    JsonNode envelope = envelope(response);
    if (envelope == null) {
      throw new ResponseFormatException("the body is not a Guance envelope");
    }
    JsonNode echoed = envelope.path("content").get("chunkIndex");
    if (echoed != null && !echoed.isNull()
        && !echoed.asText().equals(String.valueOf(chunkIndex))) {
      throw new ResponseFormatException("sent chunkIndex " + chunkIndex + " but Guance"
          + " acknowledged " + echoed.asText());
    }
    return envelope.path("traceId").asText(null);
  }

  /** A {@code part_list} answer: {@code content.chunkIndexs}, numbers or numeric strings. */
  static List<UploadedPart> parseChunkList(HttpResponse response)
      throws ResponseFormatException {
    JsonNode envelope = envelope(response);
    if (envelope == null) {
      throw new ResponseFormatException("the body is not a Guance envelope");
    }
    JsonNode indexes = envelope.path("content").get("chunkIndexs");
    List<UploadedPart> parts = new ArrayList<>();
    if (indexes == null || indexes.isNull()) {
      return parts;
    }
    if (!indexes.isArray()) {
      throw new ResponseFormatException("content.chunkIndexs is not an array");
    }
    TreeSet<Integer> sorted = new TreeSet<>();
    for (JsonNode n : indexes) {
      try {
        int index = Integer.parseInt(n.asText().trim());
        if (index < 0) {
          throw new NumberFormatException();
        }
        sorted.add(index);
      } catch (NumberFormatException e) {
        throw new ResponseFormatException("content.chunkIndexs holds " + n + ", not an index");
      }
    }
    sorted.forEach(i -> parts.add(UploadedPart.of(i, null, -1)));
    return parts;
  }

  /** What an initiate answered. */
  static final class Initiated {
    final String uploadId;
    final String traceId;
    final boolean existsOldTask;
    final boolean existsSameFile;

    Initiated(String uploadId, String traceId, boolean existsOldTask, boolean existsSameFile) {
      this.uploadId = uploadId;
      this.traceId = traceId;
      this.existsOldTask = existsOldTask;
      this.existsSameFile = existsSameFile;
    }
  }

  static Initiated parseInitiate(HttpResponse response) throws ResponseFormatException {
    JsonNode envelope = envelope(response);
    if (envelope == null) {
      throw new ResponseFormatException("the body is not a Guance envelope");
    }
    JsonNode content = envelope.get("content");
    if (content == null || !content.isObject()) {
      throw new ResponseFormatException("content is missing");
    }
    JsonNode uploadId = content.get("uploadId");
    if (uploadId == null || !uploadId.isTextual() || uploadId.asText().isBlank()) {
      throw new ResponseFormatException("content.uploadId is missing");
    }
    return new Initiated(uploadId.asText(), envelope.path("traceId").asText(null),
        content.path("existsOldTask").asBoolean(false),
        content.path("existsSameFile").asBoolean(false));
  }
}
