package io.unipart.presigned;

import com.fasterxml.jackson.databind.JsonNode;
import io.unipart.InvalidRequestException;
import io.unipart.PartTarget;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.JsonCodecs;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The envelope {@code success}/{@code errors}/{@code messages}/{@code result}/{@code
 * resultInfo}/{@code statusCode}: a success needs HTTP 2xx and {@code success: true}.
 */
final class PresignedResponses {
  private PresignedResponses() {}

  static ServiceError classify(HttpResponse response) {
    JsonNode envelope = envelope(response);
    int status = response.status();
    if (response.isSuccessful() && envelope != null && envelope.path("success").asBoolean(false)) {
      return null;
    }
    ServiceError.Builder b = ServiceError.builder(status)
        .requestId(firstHeader(response, "x-request-id", "x-correlation-id", "request-id"));
    if (envelope == null) {
      String snippet = response.bodySnippet(160);
      b.message(status >= 300 && status < 400
          ? "redirect not followed (requests carrying the Authorization header never are)"
          : "HTTP " + status + " " + reason(status)
              + (snippet.isEmpty() ? "" : ": " + snippet));
    } else {
      String errors = join(envelope.get("errors"));
      String messages = join(envelope.get("messages"));
      b.message(!errors.isEmpty() ? errors
              : !messages.isEmpty() ? messages
              : response.isSuccessful() ? "the API answered success: false"
              : "HTTP " + status + " " + reason(status))
          .detail("errors", errors)
          .detail("messages", messages)
          .detail("statusCode", envelope.path("statusCode").asText(null))
          .detail("resultInfo", envelope.path("resultInfo").isNull() ? null
              : envelope.path("resultInfo").asText(null));
    }
    if (status == 401 || status == 403) {
      b.kind(ServiceError.Kind.AUTHENTICATION);
    }
    if (status == 429) {
      b.throttling(true);
    }
    return b.build();
  }

  private static String reason(int status) {
    switch (status) {
      case 400:
        return "Bad Request";
      case 401:
        return "Unauthorized";
      case 403:
        return "Forbidden";
      case 404:
        return "Result Not Found";
      case 500:
        return "Internal Server Error";
      case 503:
        return "Backend Fetch Failed";
      default:
        return "";
    }
  }

  private static String firstHeader(HttpResponse response, String... names) {
    for (String n : names) {
      if (response.header(n) != null) {
        return response.header(n);
      }
    }
    return null;
  }

  private static String join(JsonNode array) {
    if (array == null || !array.isArray()) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    array.forEach(n -> parts.add(n.isTextual() ? n.asText() : n.toString()));
    return String.join("; ", parts);
  }

  private static JsonNode envelope(HttpResponse response) {
    try {
      JsonNode json = JsonCodecs.reader().readTree(response.body());
      return json != null && json.isObject() && json.has("success") ? json : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * A complete or abort answer: the envelope's {@code result} must be {@code true}.
   *
   * @return the request id, when sent
   */
  static String requireTrueResult(HttpResponse response) throws ResponseFormatException {
    JsonNode envelope = envelope(response);
    if (envelope == null) {
      throw new ResponseFormatException("the body is not the API's envelope");
    }
    if (!envelope.path("result").asBoolean(false)) {
      throw new ResponseFormatException("result is not true: " + envelope.path("result"));
    }
    return firstHeader(response, "x-request-id", "x-correlation-id", "request-id");
  }

  /** What an initiate answered. */
  static final class Initiated {
    final String uploadId;
    final String requestKey;
    final String uploadFileDetailsId;
    final List<PartTarget> parts;
    final String requestId;

    Initiated(String uploadId, String requestKey, String details, List<PartTarget> parts,
        String requestId) {
      this.uploadId = uploadId;
      this.requestKey = requestKey;
      this.uploadFileDetailsId = details;
      this.parts = parts;
      this.requestId = requestId;
    }
  }

  /** Part numbers exactly 1..N, each once, each URL absolute http(s); sorted by number. */
  static Initiated parseInitiate(HttpResponse response, int partsNumber, Instant expiresAt)
      throws ResponseFormatException {
    return parseIssued(response, partsNumber, expiresAt, false);
  }

  /**
   * A {@code multipart-resume} answer: like initiate's, but it may list URLs only for the parts
   * not yet uploaded (each still within 1..N, each once, at least one).
   */
  static Initiated parseResume(HttpResponse response, int partsNumber, Instant expiresAt)
      throws ResponseFormatException {
    return parseIssued(response, partsNumber, expiresAt, true);
  }

  private static Initiated parseIssued(HttpResponse response, int partsNumber,
      Instant expiresAt, boolean someParts) throws ResponseFormatException {
    JsonNode envelope = envelope(response);
    if (envelope == null) {
      throw new ResponseFormatException("the body is not the API's envelope");
    }
    JsonNode result = envelope.get("result");
    if (result == null || !result.isObject()) {
      throw new ResponseFormatException("result is missing");
    }
    String uploadId = text(result, "uploadId");
    String requestKey = text(result, "requestKey");
    JsonNode urls = result.get("presignedUrl");
    if (urls == null || !urls.isArray()) {
      throw new ResponseFormatException("result.presignedUrl is missing");
    }
    TreeMap<Integer, PartTarget> parts = new TreeMap<>();
    for (JsonNode entry : urls) {
      JsonNode number = entry.get("partNumber");
      if (number == null || !number.isIntegralNumber()) {
        throw new ResponseFormatException("a presignedUrl entry has no whole partNumber");
      }
      int n = number.asInt();
      if (n < 1 || n > partsNumber) {
        throw new ResponseFormatException(
            "partNumber " + n + " is outside 1.." + partsNumber);
      }
      JsonNode url = entry.get("presignedUrl");
      if (url == null || !url.isTextual()) {
        throw new ResponseFormatException("part " + n + " has no presignedUrl");
      }
      PartTarget target;
      try {
        target = PartTarget.builder().partNumber(n).url(URI.create(url.asText()))
            .expiresAt(expiresAt).build();
      } catch (IllegalArgumentException | InvalidRequestException e) {
        throw new ResponseFormatException("part " + n + " has no absolute http(s) URL");
      }
      if (parts.put(n, target) != null) {
        throw new ResponseFormatException("partNumber " + n + " is given twice");
      }
    }
    if (someParts ? parts.isEmpty() : parts.size() != partsNumber) {
      throw new ResponseFormatException(
          "asked for " + partsNumber + " part URLs, got " + parts.size());
    }
    List<PartTarget> sorted = new ArrayList<>(parts.values());
    sorted.sort(Comparator.comparingInt(PartTarget::partNumber));
    JsonNode details = result.get("uploadFileDetailsId");
    return new Initiated(uploadId, requestKey,
        details == null || details.isNull() ? null : details.asText(), sorted,
        firstHeader(response, "x-request-id", "x-correlation-id", "request-id"));
  }

  private static String text(JsonNode node, String field) throws ResponseFormatException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new ResponseFormatException("result." + field + " is missing or empty");
    }
    return v.asText();
  }
}
