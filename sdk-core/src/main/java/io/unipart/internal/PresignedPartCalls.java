package io.unipart.internal;

import io.unipart.internal.xml.XmlErrorClassifier;
import io.unipart.spi.ErrorClassifier;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import io.unipart.AuthenticationException;
import io.unipart.InvalidRequestException;
import io.unipart.PartContent;
import io.unipart.PartTarget;
import io.unipart.PartUrlExpiredException;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Sends a part to a presigned URL the server handed out ({@link UploadSession#parts()}): a plain
 * {@code PUT} of the bytes with {@code Content-Length} and the target's own headers, and nothing
 * of the client's credentials. A URL past its expiry is not tried, and one the storage refuses
 * (401/403) is reported, as {@link PartUrlExpiredException}, so fresh URLs can be fetched.
 *
 * <pre>{@code
 * PresignedPartCalls parts = new PresignedPartCalls(executor().forPresignedUrls(
 *     PresignedPartCalls.STORAGE_ERRORS));
 * UploadedPart p = parts.put(session, 1, content, true);
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class PresignedPartCalls {
  /**
   * How object stores behind presigned URLs say no (S3, GCS and Azure all answer {@code
   * <Error><Code>}): expiry and signature codes are authentication errors, the usual transient
   * codes are retried.
   */
  public static final ErrorClassifier STORAGE_ERRORS =
      XmlErrorClassifier.builder("storage")
          .requestIdHeader("x-amz-request-id", "x-ms-request-id", "x-guploader-uploadid",
              "x-request-id")
          .authenticationCodes(Set.of("AccessDenied", "SignatureDoesNotMatch", "ExpiredToken",
              "AuthenticationFailed", "AuthorizationFailure", "InvalidAccessKeyId",
              "RequestExpired"))
          .throttlingCodes(Set.of("SlowDown", "ServerBusy", "TooManyRequests"))
          .retryableCodes(Set.of("InternalError", "ServiceUnavailable", "RequestTimeout",
              "OperationTimedOut"))
          .build();

  /** A URL this close to its expiry is renewed rather than tried. */
  static final Duration EXPIRY_MARGIN = Duration.ofMinutes(1);

  private final RequestExecutor executor;

  /**
   * Sends through an executor that does not sign.
   *
   * @param executor from {@link RequestExecutor#forPresignedUrls(ErrorClassifier)}
   */
  public PresignedPartCalls(RequestExecutor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * The session's target for a part.
   *
   * @param session the upload
   * @param partNumber the part
   * @return its target
   * @throws InvalidRequestException when the session has no URL for that part
   */
  public static PartTarget target(UploadSession session, int partNumber) {
    for (PartTarget t : session.parts()) {
      if (t.partNumber() == partNumber) {
        return t;
      }
    }
    throw new InvalidRequestException("partNumber", "the session has no URL for part "
        + partNumber + " (it has " + session.parts().size() + ")");
  }

  /**
   * PUTs a part to its URL.
   *
   * @param session the upload
   * @param partNumber the part
   * @param content the bytes
   * @param etagRequired whether the answer must carry an {@code ETag} (complete needs it)
   * @return the part, with the ETag when one came back
   * @throws PartUrlExpiredException when the URL expired or was refused
   */
  public UploadedPart put(UploadSession session, int partNumber, PartContent content,
      boolean etagRequired) {
    Objects.requireNonNull(content, "content");
    PartTarget target = target(session, partNumber);
    Instant now = executor.now();
    if (target.expiresAt().isPresent()
        && !target.expiresAt().get().isAfter(now.plus(EXPIRY_MARGIN))) {
      throw new PartUrlExpiredException(ServiceError.builder(403)
          .kind(ServiceError.Kind.AUTHENTICATION)
          .message("the URL for part " + partNumber + " expired at " + target.expiresAt().get())
          .build(), 0, partNumber);
    }
    HttpRequest.Builder http = HttpRequest.builder("PUT", target.url()).operation("uploadPart")
        .header("Content-Length", String.valueOf(content.length()))
        .body(content);
    for (Map.Entry<String, String> h : target.headers().entrySet()) {
      http.header(h.getKey(), h.getValue());
    }
    long size = content.length();
    Duration attempt = executor.attemptTimeoutFor(size);
    try {
      return executor.execute(http.build(), response -> {
        String etag = response.header("ETag");
        if (etagRequired && (etag == null || etag.isBlank())) {
          throw new ResponseFormatException("the part was accepted without an ETag header");
        }
        return UploadedPart.of(partNumber, etag, size);
      }, null, attempt);
    } catch (AuthenticationException e) {
      throw new PartUrlExpiredException(e.error(), e.attempts(), partNumber);
    }
  }
}
