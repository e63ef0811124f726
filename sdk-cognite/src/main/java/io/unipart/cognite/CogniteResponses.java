package io.unipart.cognite;

import io.unipart.internal.JsonCodecs;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import com.fasterxml.jackson.databind.JsonNode;
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
    JsonNode error = errorNode(response);
    if (error == null) {
      String snippet = response.bodySnippet(160);
      b.message(status >= 300 && status < 400
          ? "redirect not followed (requests carrying tokens never are)"
              + (response.header("Location") == null ? "" : "; Location: "
              + response.header("Location"))
          : "HTTP " + status + (snippet.isEmpty() ? " with an empty body"
              : " with a body that is not a Cognite error: " + snippet));
    } else if (error.isTextual()) {
      b.message(error.asText());
    } else {
      JsonNode code = error.get("code");
      b.code(code == null || code.isNull() ? null : code.asText())
          .message(error.path("message").asText(null));
      if (error.has("missing")) {
        b.detail("missing", error.get("missing").toString());
      }
      if (error.has("duplicated")) {
        b.detail("duplicated", error.get("duplicated").toString());
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

  private static JsonNode errorNode(HttpResponse response) {
    try {
      JsonNode json = JsonCodecs.reader().readTree(response.body());
      JsonNode error = json == null ? null : json.get("error");
      return error == null || error.isNull() ? null : error;
    } catch (IOException | RuntimeException e) {
      return null;
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

  /** {@code items[0]} (or the top level) with {@code uploadId} and one URL per part. */
  static Links parseLinks(HttpResponse response, int expectedParts)
      throws ResponseFormatException {
    JsonNode root;
    try {
      root = JsonCodecs.reader().readTree(response.body());
    } catch (IOException | RuntimeException e) {
      throw new ResponseFormatException("the body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new ResponseFormatException("the body is not a JSON object");
    }
    JsonNode file = root.has("items") ? root.path("items").path(0) : root;
    JsonNode uploadId = file.get("uploadId");
    if (uploadId == null || !uploadId.isTextual() || uploadId.asText().isBlank()) {
      throw new ResponseFormatException("uploadId is missing or empty");
    }
    return new Links(uploadId.asText(), urls(file, expectedParts), response.header("x-request-id"));
  }

  private static List<PartTarget> urls(JsonNode file, int expectedParts)
      throws ResponseFormatException {
    JsonNode urls = file.get("uploadUrls");
    if (urls == null || !urls.isArray()) {
      throw new ResponseFormatException("uploadUrls is missing");
    }
    if (urls.size() != expectedParts) {
      throw new ResponseFormatException(
          "asked for " + expectedParts + " upload URLs, got " + urls.size());
    }
    List<PartTarget> parts = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      JsonNode url = urls.get(i);
      if (!url.isTextual()) {
        throw new ResponseFormatException("uploadUrls[" + i + "] is not a string");
      }
      try {
        parts.add(PartTarget.of(i + 1, URI.create(url.asText())));
      } catch (IllegalArgumentException | InvalidRequestException e) {
        throw new ResponseFormatException("uploadUrls[" + i + "] is not an absolute http(s) URL");
      }
    }
    return parts;
  }

  /** Accepts the file object at the top level or as the only element of {@code items}. */
  static Initiated parseInitiate(HttpResponse response, int expectedParts)
      throws ResponseFormatException {
    JsonNode root;
    try {
      root = JsonCodecs.reader().readTree(response.body());
    } catch (IOException | RuntimeException e) {
      throw new ResponseFormatException("the body is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new ResponseFormatException("the body is not a JSON object");
    }
    JsonNode file = root;
    if (root.has("items")) {
      JsonNode items = root.get("items");
      if (!items.isArray() || items.size() != 1) {
        throw new ResponseFormatException("items must hold exactly one file");
      }
      file = items.get(0);
    }
    JsonNode uploadId = file.get("uploadId");
    if (uploadId == null || !uploadId.isTextual() || uploadId.asText().isBlank()) {
      throw new ResponseFormatException("uploadId is missing or empty");
    }
    JsonNode id = file.get("id");
    if (id == null || !id.isIntegralNumber() || id.asLong() < 1) {
      throw new ResponseFormatException("the file id is missing or not a positive number");
    }
    List<PartTarget> parts = urls(file, expectedParts);
    JsonNode externalId = file.get("externalId");
    return new Initiated(id.asLong(),
        externalId != null && externalId.isTextual() ? externalId.asText() : null,
        uploadId.asText(), parts, response.header("x-request-id"), isNewFile(file));
  }

  /**
   * A file this upload created: no content yet, and created when last updated. An overwrite of
   * an existing file (overwrite=true with its externalId) answers that file, created earlier or
   * already holding content. An answer without the times proves nothing, so it counts as not
   * new: deleting a file that may hold someone's data is the one mistake abort must not make.
   */
  private static boolean isNewFile(JsonNode file) {
    JsonNode created = file.get("createdTime");
    JsonNode updated = file.get("lastUpdatedTime");
    JsonNode uploaded = file.get("uploaded");
    return created != null && created.isIntegralNumber() && updated != null
        && updated.isIntegralNumber() && created.asLong() == updated.asLong()
        && (uploaded == null || !uploaded.asBoolean(false));
  }
}
