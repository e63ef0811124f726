package io.unipart.internal.xml;

import io.unipart.internal.Codecs;
import io.unipart.spi.ErrorClassifier;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Classifies answers of the S3 family of XML APIs (S3 and its compatibles, COS): a success unless
 * the status is not 2xx or the body is an {@code <Error>} document (which can arrive inside a 200).
 * Codes sort the error into authentication, clock skew, throttling and retryable; anything that is
 * not an error document is described plainly (a redirect, an HTML page from a proxy, an empty body).
 *
 * <pre>{@code
 * ErrorClassifier cos = XmlErrorClassifier.builder("COS")
 *     .requestIdHeader("x-cos-request-id")
 *     .authenticationCodes(Set.of("AccessDenied", "SignatureDoesNotMatch"))
 *     .retryableCodes(Set.of("InternalError", "ServiceUnavailable"))
 *     .bodyDetails("Resource", "TraceId")
 *     .build();
 * }</pre>
 */
public final class XmlErrorClassifier implements ErrorClassifier {
  private final String service;
  private final List<String> requestIdHeaders;
  private final Set<String> authenticationCodes;
  private final Set<String> clockSkewCodes;
  private final Set<String> throttlingCodes;
  private final Set<String> retryableCodes;
  private final Set<String> conflictCodes;
  private final Set<String> uploadNotFoundCodes;
  private final List<String> bodyDetails;
  private final Map<String, String> headerDetails;

  private XmlErrorClassifier(Builder b) {
    this.service = b.service;
    this.requestIdHeaders = List.copyOf(b.requestIdHeaders);
    this.authenticationCodes = Set.copyOf(b.authenticationCodes);
    this.clockSkewCodes = Set.copyOf(b.clockSkewCodes);
    this.throttlingCodes = Set.copyOf(b.throttlingCodes);
    this.retryableCodes = Set.copyOf(b.retryableCodes);
    this.conflictCodes = Set.copyOf(b.conflictCodes);
    this.uploadNotFoundCodes = Set.copyOf(b.uploadNotFoundCodes);
    this.bodyDetails = List.copyOf(b.bodyDetails);
    this.headerDetails = Map.copyOf(b.headerDetails);
  }

  /**
   * Starts a classifier.
   *
   * @param service the provider's name for messages, e.g. {@code S3}
   * @return a builder
   */
  public static Builder builder(String service) {
    return new Builder(service);
  }

  @Override
  public ServiceError classify(HttpResponse response) {
    java.util.Map<String, String> doc = errorDocument(response);
    if (response.isSuccessful() && doc == null) {
      return null;
    }
    ServiceError.Builder b = ServiceError.builder(response.status()).requestId(requestId(response));
    int status = response.status();
    if (doc != null) {
      String code = doc.get("Code");
      b.code(code).message(doc.get("Message"));
      if (requestId(response) == null) {
        b.requestId(doc.get("RequestId"));
      }
      for (String name : bodyDetails) {
        b.detail(name, doc.get(name));
      }
      if (code != null) {
        if (authenticationCodes.contains(code)) {
          b.kind(ServiceError.Kind.AUTHENTICATION);
        } else if (clockSkewCodes.contains(code)) {
          b.kind(ServiceError.Kind.CLOCK_SKEW);
        } else if (conflictCodes.contains(code)) {
          b.kind(ServiceError.Kind.CONFLICT);
        } else if (uploadNotFoundCodes.contains(code)) {
          b.kind(ServiceError.Kind.UPLOAD_NOT_FOUND);
        }
        b.throttling(throttlingCodes.contains(code)).retryable(retryableCodes.contains(code));
      } else if (status == 401 || status == 403) {
        b.kind(ServiceError.Kind.AUTHENTICATION);
      }
    } else {
      b.message(describeNonErrorBody(response));
      if (status == 401 || status == 403) {
        b.kind(ServiceError.Kind.AUTHENTICATION);
      }
    }
    headerDetails.forEach((header, detail) -> b.detail(detail, response.header(header)));
    if (status == 429) {
      b.throttling(true);
    }
    return b.build();
  }

  private String requestId(HttpResponse response) {
    for (String header : requestIdHeaders) {
      String id = response.header(header);
      if (id != null && !id.isBlank()) {
        return id;
      }
    }
    return null;
  }

  private static java.util.Map<String, String> errorDocument(HttpResponse response) {
    if (response.bodyLength() == 0) {
      return null;
    }
    byte[] body = response.body();
    if (!"Error".equals(Codecs.xmlRootName(body))) {
      return null;
    }
    try {
      return XmlBodies.readError(body);
    } catch (ResponseFormatException e) {
      return null;
    }
  }

  private String describeNonErrorBody(HttpResponse response) {
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
        + " body that is not a " + service + " error document: " + snippet;
  }

  /** Builds an {@link XmlErrorClassifier}. Not thread-safe. */
  public static final class Builder {
    private final String service;
    private List<String> requestIdHeaders = List.of();
    /**
     * What S3 and COS both answer for bad credentials or a refusal: AccessDenied,
     * InvalidAccessKeyId, SignatureDoesNotMatch, ExpiredToken, InvalidToken.
     */
    public static final Set<String> FAMILY_AUTHENTICATION_CODES = Set.of("AccessDenied",
        "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken");

    private Set<String> authenticationCodes = FAMILY_AUTHENTICATION_CODES;
    private Set<String> clockSkewCodes = Set.of();
    private Set<String> throttlingCodes = Set.of();
    private Set<String> retryableCodes = Set.of();
    private Set<String> conflictCodes = Set.of();
    private Set<String> uploadNotFoundCodes = Set.of("NoSuchUpload");
    private List<String> bodyDetails = List.of();
    private final Map<String, String> headerDetails = new LinkedHashMap<>();

    private Builder(String service) {
      this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * Headers holding the request id, tried in order before the body's {@code RequestId}.
     *
     * @param names header names
     */
    public Builder requestIdHeader(String... names) {
      this.requestIdHeaders = List.of(names);
      return this;
    }

    /**
     * Codes that mean bad credentials or access denied, besides those the whole S3 family uses
     * ({@link #FAMILY_AUTHENTICATION_CODES}), which always count.
     *
     * @param codes the dialect's own codes
     */
    public Builder authenticationCodes(Set<String> codes) {
      Set<String> all = new java.util.HashSet<>(FAMILY_AUTHENTICATION_CODES);
      all.addAll(codes);
      this.authenticationCodes = all;
      return this;
    }

    /**
     * Codes that mean the client's clock is off.
     *
     * @param codes the codes
     */
    public Builder clockSkewCodes(Set<String> codes) {
      this.clockSkewCodes = codes;
      return this;
    }

    /**
     * Codes that mean throttling (retried).
     *
     * @param codes the codes
     */
    public Builder throttlingCodes(Set<String> codes) {
      this.throttlingCodes = codes;
      return this;
    }

    /**
     * Codes that mean the object exists and overwriting it was refused (an {@link
     * io.unipart.UploadConflictException}).
     *
     * @param codes the codes
     */
    public Builder conflictCodes(Set<String> codes) {
      this.conflictCodes = codes;
      return this;
    }

    /**
     * Codes that mean the upload is not on the server ({@link
     * io.unipart.UploadNotFoundException}); {@code NoSuchUpload} by default.
     *
     * @param codes the codes
     */
    public Builder uploadNotFoundCodes(Set<String> codes) {
      this.uploadNotFoundCodes = codes;
      return this;
    }

    /**
     * Other codes worth retrying.
     *
     * @param codes the codes
     */
    public Builder retryableCodes(Set<String> codes) {
      this.retryableCodes = codes;
      return this;
    }

    /**
     * Error-document elements copied into {@link ServiceError#details()}.
     *
     * @param names element names
     */
    public Builder bodyDetails(String... names) {
      this.bodyDetails = List.of(names);
      return this;
    }

    /**
     * A response header copied into {@link ServiceError#details()}.
     *
     * @param header the header name
     * @param detail the detail name
     */
    public Builder headerDetail(String header, String detail) {
      headerDetails.put(header, detail);
      return this;
    }

    /**
     * Builds the classifier.
     *
     * @return the classifier
     */
    public XmlErrorClassifier build() {
      return new XmlErrorClassifier(this);
    }
  }
}
