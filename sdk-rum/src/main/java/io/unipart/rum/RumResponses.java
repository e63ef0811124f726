package io.unipart.rum;

import io.unipart.internal.JsonCodecs;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.unipart.UploadedPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Guance's envelope ({@code code}, {@code content}, {@code errorCode}, {@code message}, {@code
 * success}, {@code traceId}): a success needs HTTP 2xx, {@code success: true} and an empty
 * {@code errorCode}. Throttling arrives as HTTP 401 and is told apart by its code.
 *
 * <p>Each call's answer is bound to its own typed envelope, whose {@code content} has the shape
 * the Guance open-api docs give for that call (PROVIDERS.md §4.1); a {@code content} of another
 * shape is a {@link ResponseFormatException} naming the field.
 */
final class RumResponses {
  static final Set<String> THROTTLING_CODES =
      Set.of("ft.TriggerApiAkCurrentLimiting", "ft.TriggerApiWorkspaceCurrentLimiting");
  static final String INVALID_KEY = "ft.InvalidAPIKey";

  private RumResponses() {}

  /** The fields every answer has; {@code content} differs per call. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static class Envelope {
    public Boolean success;
    public String errorCode;
    public String message;
    public String traceId;
    public String code;

    boolean isSuccess() {
      return Boolean.TRUE.equals(success) && (errorCode == null || errorCode.isEmpty());
    }
  }

  /** An answer whose {@code content} is not read (errors, cancel, merge). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class AnyEnvelope extends Envelope {}

  /** {@code multipart_upload_init}: {@code content: {uploadId, existsOldTask, existsSameFile}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class InitiateEnvelope extends Envelope {
    public InitiateContent content;
  }

  /** What an initiate answered. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class InitiateContent {
    public String uploadId;
    public Boolean existsOldTask;
    public Boolean existsSameFile;
  }

  /** {@code upload_part}: {@code content: {chunkIndex, declaration, uploadId}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class ChunkEnvelope extends Envelope {
    public ChunkContent content;
  }

  /** The acknowledged chunk; Guance's example echoes it as a string ({@code "0"}). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class ChunkContent {
    public String chunkIndex;
  }

  /** {@code part_list}: {@code content: {chunkIndexs: [..], declaration, uploadId}}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class ChunkListEnvelope extends Envelope {
    public ChunkListContent content;
  }

  /** The stored chunks, numbers or numeric strings. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class ChunkListContent {
    public List<String> chunkIndexs;
  }

  static ServiceError classify(HttpResponse response) {
    int status = response.status();
    if (response.isSuccessful()) {
      InitiateEnvelope initiated = lenient(response, InitiateEnvelope.class);
      if (initiated != null && initiated.isSuccess()) {
        InitiateContent content = initiated.content;
        if (content != null && "".equals(content.uploadId)) {
          return ServiceError.builder(status)
              .kind(ServiceError.Kind.CONFLICT)
              .message("Guance returned an empty uploadId: a sourcemap for this app, version and"
                  + " env already exists")
              .requestId(initiated.traceId)
              .detail("existsOldTask", text(content.existsOldTask))
              .detail("existsSameFile", text(content.existsSameFile))
              .build();
        }
        return null;
      }
    }
    AnyEnvelope envelope = lenient(response, AnyEnvelope.class);
    if (response.isSuccessful() && envelope != null && envelope.isSuccess()) {
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
      String errorCode = envelope.errorCode == null ? "" : envelope.errorCode;
      b.code(errorCode)
          .message(envelope.message)
          .requestId(envelope.traceId)
          .detail("code", envelope.code);
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

  private static String text(Boolean value) {
    return value == null ? null : value.toString();
  }

  /** The envelope, or null when the body is not one (not JSON, no {@code success}, bad types). */
  private static <T extends Envelope> T lenient(HttpResponse response, Class<T> type) {
    try {
      T envelope = JsonCodecs.read(response.body(), type);
      return envelope.success != null ? envelope : null;
    } catch (ResponseFormatException | RuntimeException e) {
      return null;
    }
  }

  /** A successful answer's envelope; anything else is named. */
  private static <T extends Envelope> T strict(HttpResponse response, Class<T> type)
      throws ResponseFormatException {
    T envelope;
    try {
      envelope = JsonCodecs.read(response.body(), type);
    } catch (ResponseFormatException e) {
      if (lenient(response, AnyEnvelope.class) != null) {
        throw e;
      }
      throw new ResponseFormatException("the body is not a Guance envelope");
    }
    if (envelope.success == null) {
      throw new ResponseFormatException("the body is not a Guance envelope");
    }
    return envelope;
  }

  /** A successful answer's trace id. */
  static String traceId(HttpResponse response) throws ResponseFormatException {
    return strict(response, AnyEnvelope.class).traceId;
  }

  /** An {@code upload_part} answer: the chunk index it echoes must be the one sent. */
  static String checkChunk(HttpResponse response, int chunkIndex) throws ResponseFormatException {
    ChunkEnvelope envelope = strict(response, ChunkEnvelope.class);
    String echoed = envelope.content == null ? null : envelope.content.chunkIndex;
    if (echoed != null && !echoed.trim().equals(String.valueOf(chunkIndex))) {
      throw new ResponseFormatException("sent chunkIndex " + chunkIndex + " but Guance"
          + " acknowledged " + echoed);
    }
    return envelope.traceId;
  }

  /** A {@code part_list} answer: {@code content.chunkIndexs}, numbers or numeric strings. */
  static List<UploadedPart> parseChunkList(HttpResponse response)
      throws ResponseFormatException {
    ChunkListEnvelope envelope = strict(response, ChunkListEnvelope.class);
    List<UploadedPart> parts = new ArrayList<>();
    if (envelope.content == null || envelope.content.chunkIndexs == null) {
      return parts;
    }
    TreeSet<Integer> sorted = new TreeSet<>();
    for (String n : envelope.content.chunkIndexs) {
      try {
        int index = Integer.parseInt(n == null ? "" : n.trim());
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

  /** What an initiate answered, with its trace id. */
  static final class Initiated {
    final String uploadId;
    final String traceId;
    final boolean existsOldTask;
    final boolean existsSameFile;

    private Initiated(InitiateEnvelope envelope) {
      this.uploadId = envelope.content.uploadId;
      this.traceId = envelope.traceId;
      this.existsOldTask = Boolean.TRUE.equals(envelope.content.existsOldTask);
      this.existsSameFile = Boolean.TRUE.equals(envelope.content.existsSameFile);
    }
  }

  static Initiated parseInitiate(HttpResponse response) throws ResponseFormatException {
    InitiateEnvelope envelope = strict(response, InitiateEnvelope.class);
    if (envelope.content == null) {
      throw new ResponseFormatException("content is missing");
    }
    if (envelope.content.uploadId == null || envelope.content.uploadId.isBlank()) {
      throw new ResponseFormatException("content.uploadId is missing");
    }
    return new Initiated(envelope);
  }
}
