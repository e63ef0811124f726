package io.unipart.cognite;

import io.unipart.internal.JsonCodecs;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.unipart.InvalidRequestException;
import io.unipart.PartTarget;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Reads Cognite's answers: error JSON, and the initiated file in either documented shape. */
final class CogniteResponses {
  private CogniteResponses() {}

  static ServiceError classify(HttpResponse response) {
    if (response.isSuccessful()) {
      return null;
    }
    int status = response.status();
    ServiceError.Builder b =
        ServiceError.builder(status).requestId(response.header("x-request-id"));
    CogniteError error = errorOf(response);
    if (error == null) {
      String snippet = response.bodySnippet(160);
      b.message(status >= 300 && status < 400
          ? "redirect not followed (requests carrying tokens never are)"
              + (response.header("Location") == null ? "" : "; Location: "
              + response.header("Location"))
          : "HTTP " + status + (snippet.isEmpty() ? " with an empty body"
              : " with a body that is not a Cognite error: " + snippet));
    } else if (error.text != null) {
      b.message(error.text);
    } else {
      b.code(error.code == null ? null : String.valueOf(error.code)).message(error.message);
      if (error.missing != null) {
        b.detail("missing", json(error.missing));
      }
      if (error.duplicated != null) {
        b.detail("duplicated", json(error.duplicated));
      }
    }
    if (status == 401 || status == 403) {
      b.kind(ServiceError.Kind.AUTHENTICATION);
    } else if (status == 409) {
      b.kind(ServiceError.Kind.CONFLICT);
      ServiceError partial = b.build();
      b.message(partial.message()
          + " (a file with this externalId exists; set overwrite(true) to replace it)");
    }
    if (status == 429) {
      b.throttling(true);
    }
    if ("true".equalsIgnoreCase(response.header("cdf-is-auto-retryable"))) {
      b.retryable(true);
    }
    return b.build();
  }

  /** Cognite's error body: {@code {"error": {...}}}, or an error that is only text. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class ErrorBody {
    public CogniteError error;
  }

  /** Its {@code error}: an object with a code and message (and what is missing), or text. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class CogniteError {
    public Object code;
    public String message;
    public List<Object> missing;
    public List<Object> duplicated;
    String text;

    /** An error that is only text. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CogniteError ofText(String text) {
      CogniteError e = new CogniteError();
      e.text = text;
      return e;
    }

    CogniteError() {}
  }

  private static CogniteError errorOf(HttpResponse response) {
    try {
      return JsonCodecs.read(response.body(), ErrorBody.class).error;
    } catch (ResponseFormatException | RuntimeException e) {
      return null;
    }
  }

  private static String json(List<Object> values) {
    try {
      return JsonCodecs.writer().writeValueAsString(values);
    } catch (IOException e) {
      return String.valueOf(values);
    }
  }

  /** What an initiate answered. */
  static final class Initiated {
    final long id;
    final String externalId;
    final String uploadId;
    final List<PartTarget> parts;
    final String requestId;
    /** Whether the answer shows a file this upload created, not an existing one it overwrites. */
    final boolean newFile;

    Initiated(long id, String externalId, String uploadId, List<PartTarget> parts,
        String requestId, boolean newFile) {
      this.newFile = newFile;
      this.id = id;
      this.externalId = externalId;
      this.uploadId = uploadId;
      this.parts = parts;
      this.requestId = requestId;
    }
  }

  /** Fresh upload URLs from {@code files/multiuploadlink}. */
  static final class Links {
    final String uploadId;
    final List<PartTarget> parts;
    final String requestId;

    Links(String uploadId, List<PartTarget> parts, String requestId) {
      this.uploadId = uploadId;
      this.parts = parts;
      this.requestId = requestId;
    }
  }

  /**
   * A file as Cognite answers it, at the top level or as the only element of {@code items}. Read
   * strictly: the id and times decide whether abort may delete the file, so a string or a
   * fraction there is a wrong answer, not a number.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static class FileJson {
    public Long id;
    public String externalId;
    public String uploadId;
    public List<String> uploadUrls;
    public Long createdTime;
    public Long lastUpdatedTime;
    public Boolean uploaded;
  }

  /** The top level: a file, or {@code items} holding one. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class Root extends FileJson {
    public List<FileJson> items;
  }

  private static FileJson file(HttpResponse response, boolean exactlyOne)
      throws ResponseFormatException {
    Root root = JsonCodecs.readStrict(response.body(), Root.class);
    if (root.items == null) {
      return root;
    }
    if (exactlyOne ? root.items.size() != 1 : root.items.isEmpty()) {
      throw new ResponseFormatException("items must hold exactly one file");
    }
    if (root.items.get(0) == null) {
      throw new ResponseFormatException("items[0] is not a file");
    }
    return root.items.get(0);
  }

  /** {@code items[0]} (or the top level) with {@code uploadId} and one URL per part. */
  static Links parseLinks(HttpResponse response, int expectedParts)
      throws ResponseFormatException {
    FileJson file = file(response, false);
    return new Links(uploadId(file), urls(file, expectedParts), response.header("x-request-id"));
  }

  private static String uploadId(FileJson file) throws ResponseFormatException {
    if (file.uploadId == null || file.uploadId.isBlank()) {
      throw new ResponseFormatException("uploadId is missing or empty");
    }
    return file.uploadId;
  }

  private static List<PartTarget> urls(FileJson file, int expectedParts)
      throws ResponseFormatException {
    if (file.uploadUrls == null) {
      throw new ResponseFormatException("uploadUrls is missing");
    }
    if (file.uploadUrls.size() != expectedParts) {
      throw new ResponseFormatException(
          "asked for " + expectedParts + " upload URLs, got " + file.uploadUrls.size());
    }
    List<PartTarget> parts = new ArrayList<>();
    for (int i = 0; i < file.uploadUrls.size(); i++) {
      String url = file.uploadUrls.get(i);
      if (url == null) {
        throw new ResponseFormatException("uploadUrls[" + i + "] is not a string");
      }
      try {
        parts.add(PartTarget.of(i + 1, URI.create(url)));
      } catch (IllegalArgumentException | InvalidRequestException e) {
        throw new ResponseFormatException("uploadUrls[" + i + "] is not an absolute http(s) URL");
      }
    }
    return parts;
  }

  /** Accepts the file object at the top level or as the only element of {@code items}. */
  static Initiated parseInitiate(HttpResponse response, int expectedParts)
      throws ResponseFormatException {
    FileJson file = file(response, true);
    String uploadId = uploadId(file);
    if (file.id == null || file.id < 1) {
      throw new ResponseFormatException("the file id is missing or not a positive number");
    }
    return new Initiated(file.id, file.externalId, uploadId, urls(file, expectedParts),
        response.header("x-request-id"), isNewFile(file));
  }

  /**
   * A file this upload created: no content yet, and created when last updated. An overwrite of
   * an existing file (overwrite=true with its externalId) answers that file, created earlier or
   * already holding content. An answer without the times proves nothing, so it counts as not
   * new: deleting a file that may hold someone's data is the one mistake abort must not make.
   */
  private static boolean isNewFile(FileJson file) {
    return file.createdTime != null && file.lastUpdatedTime != null
        && file.createdTime.longValue() == file.lastUpdatedTime.longValue()
        && !Boolean.TRUE.equals(file.uploaded);
  }
}
