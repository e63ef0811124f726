package io.unipart.s3;

import io.unipart.spi.Codecs;
import io.unipart.spi.ErrorClassifier;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import java.util.Set;

/** Reads S3's answers: the error classifier and the initiate result. */
final class S3Responses {
  static final Set<String> AUTHENTICATION_CODES =
      Set.of(
          "AccessDenied",
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidToken",
          "TokenRefreshRequired",
          "AllAccessDisabled",
          "AccountProblem",
          "InvalidSecurity",
          "AuthorizationHeaderMalformed");
  static final Set<String> CLOCK_SKEW_CODES =
      Set.of("RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture");
  static final Set<String> THROTTLING_CODES =
      Set.of(
          "SlowDown",
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestThrottled",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          "BandwidthLimitExceeded",
          "ProvisionedThroughputExceededException");
  static final Set<String> RETRYABLE_CODES =
      Set.of(
          "InternalError",
          "RequestTimeout",
          "RequestTimeoutException",
          "ServiceUnavailable",
          "PriorRequestNotComplete");

  static final ErrorClassifier CLASSIFIER = S3Responses::classify;

  private S3Responses() {}

  static ServiceError classify(HttpResponse response) {
    Codecs.XmlDocument doc = errorDocument(response);
    if (response.isSuccessful() && doc == null) {
      return null;
    }
    ServiceError.Builder b =
        ServiceError.builder(response.status()).requestId(response.header("x-amz-request-id"));
    if (doc != null) {
      String code = doc.text("Code");
      b.code(code).message(doc.text("Message"));
      if (response.header("x-amz-request-id") == null) {
        b.requestId(doc.text("RequestId"));
      }
      b.detail("HostId", doc.text("HostId"))
          .detail("Resource", doc.text("Resource"))
          .detail("Endpoint", doc.text("Endpoint"))
          .detail("Region", doc.text("Region"))
          .detail("ServerTime", doc.text("ServerTime"));
      if (code != null) {
        if (AUTHENTICATION_CODES.contains(code)) {
          b.kind(ServiceError.Kind.AUTHENTICATION);
        } else if (CLOCK_SKEW_CODES.contains(code)) {
          b.kind(ServiceError.Kind.CLOCK_SKEW);
        }
        b.throttling(THROTTLING_CODES.contains(code));
        b.retryable(RETRYABLE_CODES.contains(code));
      } else if (response.status() == 401 || response.status() == 403) {
        b.kind(ServiceError.Kind.AUTHENTICATION);
      }
    } else {
      b.message(describeNonErrorBody(response));
      if (response.status() == 401 || response.status() == 403) {
        b.kind(ServiceError.Kind.AUTHENTICATION);
      }
    }
    b.detail("HostId", response.header("x-amz-id-2"))
        .detail("BucketRegion", response.header("x-amz-bucket-region"));
    if (response.status() == 429) {
      b.throttling(true);
    }
    return b.build();
  }

  /** The {@code <Error>} document in the body, or null when there is none. */
  private static Codecs.XmlDocument errorDocument(HttpResponse response) {
    if (response.bodyLength() == 0 || !looksLikeXml(response)) {
      return null;
    }
    try {
      Codecs.XmlDocument doc = Codecs.readXml(response.body());
      return "Error".equals(doc.root()) ? doc : null;
    } catch (ResponseFormatException e) {
      return null;
    }
  }

  private static boolean looksLikeXml(HttpResponse response) {
    String text = response.bodySnippet(64);
    return text.startsWith("<") && !text.regionMatches(true, 0, "<!doctype html", 0, 14)
        && !text.regionMatches(true, 0, "<html", 0, 5);
  }

  private static String describeNonErrorBody(HttpResponse response) {
    int status = response.status();
    if (status >= 300 && status < 400) {
      String location = response.header("Location");
      return "redirect not followed (signed requests never are)"
          + (location == null ? "" : "; Location: " + location);
    }
    String type = response.header("Content-Type");
    String snippet = response.bodySnippet(160);
    if (snippet.isEmpty()) {
      return "HTTP " + status + " with an empty body";
    }
    return "HTTP " + status + " with a " + (type == null ? "untyped" : type)
        + " body that is not an S3 error document: " + snippet;
  }

  /** What the initiate call answered. */
  static final class Initiated {
    final String uploadId;
    final String requestId;

    Initiated(String uploadId, String requestId) {
      this.uploadId = uploadId;
      this.requestId = requestId;
    }
  }

  /** Reads {@code InitiateMultipartUploadResult}, with or without the S3 namespace. */
  static Initiated parseInitiate(HttpResponse response, String requestedKey)
      throws ResponseFormatException {
    Codecs.XmlDocument doc = Codecs.readXml(response.body());
    if (!"InitiateMultipartUploadResult".equals(doc.root())) {
      throw new ResponseFormatException(
          "expected InitiateMultipartUploadResult, got <" + doc.root() + ">");
    }
    String uploadId = doc.text("UploadId");
    if (uploadId == null || uploadId.isBlank()) {
      throw new ResponseFormatException("UploadId is missing or empty");
    }
    String key = doc.text("Key");
    if (key != null && !key.equals(requestedKey)) {
      throw new ResponseFormatException(
          "the server started upload "
              + uploadId
              + " under key \""
              + key
              + "\", not the requested \""
              + requestedKey
              + "\"; abort it, or choose a key the server keeps as it is");
    }
    return new Initiated(uploadId, response.header("x-amz-request-id"));
  }
}
