package io.unipart.presigned;

import io.unipart.internal.JsonCodecs;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.unipart.InvalidRequestException;
import io.unipart.PartTarget;
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

  /** The envelope every answer comes in. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Envelope {
    public Boolean success;
    public List<Object> errors;
    public List<Object> messages;
    public Object result;
    public Object resultInfo;
    public Object statusCode;
  }

  static ServiceError classify(HttpResponse response) {
    Envelope envelope = envelope(response);
    int status = response.status();
    if (response.isSuccessful() && envelope != null && Boolean.TRUE.equals(envelope.success)) {
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
      String errors = join(envelope.errors);
      String messages = join(envelope.messages);
      b.message(!errors.isEmpty() ? errors
              : !messages.isEmpty() ? messages
              : response.isSuccessful() ? "the API answered success: false"
              : "HTTP " + status + " " + reason(status))
          .detail("errors", errors)
          .detail("messages", messages)
          .detail("statusCode", envelope.statusCode == null ? null
              : String.valueOf(envelope.statusCode))
          .detail("resultInfo", envelope.resultInfo == null ? null
              : String.valueOf(envelope.resultInfo));
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

  private static String join(List<Object> items) {
    if (items == null) {
      return "";
    }
    List<String> parts = new ArrayList<>();
    items.forEach(n -> parts.add(String.valueOf(n)));
    return String.join("; ", parts);
  }

  /** The envelope, or null when the body is not one (no {@code success}, not JSON). */
  private static Envelope envelope(HttpResponse response) {
    try {
      Envelope e = JsonCodecs.read(response.body(), Envelope.class);
      return e.success != null ? e : null;
    } catch (ResponseFormatException | RuntimeException e) {
      return null;
    }
  }

  /**
   * A complete or abort answer: the envelope's {@code result} must be {@code true}.
   *
   * @return the request id, when sent
   */
  static String requireTrueResult(HttpResponse response) throws ResponseFormatException {
    Envelope envelope = envelope(response);
    if (envelope == null) {
      throw new ResponseFormatException("the body is not the API's envelope");
    }
    if (!Boolean.TRUE.equals(envelope.result)) {
      throw new ResponseFormatException("result is not true: " + envelope.result);
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

  /** An initiate or resume answer, as the API documents it. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class IssuedEnvelope {
    public Boolean success;
    public IssuedResult result;
  }

  /** Its {@code result}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class IssuedResult {
    public String uploadId;
    public String requestKey;
    public Object uploadFileDetailsId;
    public List<UrlEntry> presignedUrl;
  }

  /** One of {@code result.presignedUrl}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class UrlEntry {
    public Integer partNumber;
    public String presignedUrl;
  }

  private static Initiated parseIssued(HttpResponse response, int partsNumber,
      Instant expiresAt, boolean someParts) throws ResponseFormatException {
    if (envelope(response) == null) {
      throw new ResponseFormatException("the body is not the API's envelope");
    }
    IssuedResult result = JsonCodecs.read(response.body(), IssuedEnvelope.class).result;
    if (result == null) {
      throw new ResponseFormatException("result is missing");
    }
    String uploadId = text(result.uploadId, "uploadId");
    String requestKey = text(result.requestKey, "requestKey");
    if (result.presignedUrl == null) {
      throw new ResponseFormatException("result.presignedUrl is missing");
    }
    TreeMap<Integer, PartTarget> parts = new TreeMap<>();
    for (UrlEntry entry : result.presignedUrl) {
      if (entry == null || entry.partNumber == null) {
        throw new ResponseFormatException("a presignedUrl entry has no whole partNumber");
      }
      int n = entry.partNumber;
      if (n < 1 || n > partsNumber) {
        throw new ResponseFormatException(
            "partNumber " + n + " is outside 1.." + partsNumber);
      }
      if (entry.presignedUrl == null) {
        throw new ResponseFormatException("part " + n + " has no presignedUrl");
      }
      PartTarget target;
      try {
        target = PartTarget.builder().partNumber(n).url(URI.create(entry.presignedUrl))
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
    return new Initiated(uploadId, requestKey, result.uploadFileDetailsId == null ? null
        : String.valueOf(result.uploadFileDetailsId), sorted,
        firstHeader(response, "x-request-id", "x-correlation-id", "request-id"));
  }

  private static String text(String value, String field) throws ResponseFormatException {
    if (value == null || value.isBlank()) {
      throw new ResponseFormatException("result." + field + " is missing or empty");
    }
    return value;
  }
}
