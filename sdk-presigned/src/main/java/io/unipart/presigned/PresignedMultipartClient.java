package io.unipart.presigned;

import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.spi.BaseUrl;
import io.unipart.spi.ClientBuilder;
import io.unipart.spi.ClientRuntime;
import io.unipart.spi.Codecs;
import io.unipart.spi.DialectClient;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.PercentEncoding;
import io.unipart.spi.RequestExecutor;
import io.unipart.spi.Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Starts multipart uploads through a project API that hands out presigned part URLs ({@code POST
 * /api/projects/{projectId}/uploads/multipart}, {@code Authorization}, JSON envelope): the
 * GjirafaTech VP upload API.
 *
 * <pre>{@code
 * try (PresignedMultipartClient vp = PresignedMultipartClient.builder()
 *     .baseUrl("https://vp-api.example.com")      // the provider documents none: required
 *     .projectId("agmipmdzkrte")
 *     .bearerToken(System.getenv("PRESIGNED_API_TOKEN"))
 *     .build()) {
 *   UploadSession session = vp.initiate(PresignedInitiateRequest.builder()
 *       .fileName("intro.mp4").mimeType("video/mp4").partsNumber(3).build());
 *   session.parts();                              // PUT each part there, keep the ETags
 *   session.handles().get("requestKey");          // complete and abort key on it
 * }
 * }</pre>
 *
 * <p>The session's parts are numbered exactly 1..partsNumber; anything else from the server is a
 * typed error. HTTP 500 and 503 ("Backend Fetch Failed") are retried; 401 and 403 are {@link
 * io.unipart.AuthenticationException}s. The neutral {@code key} is the {@code fileName}.
 */
public final class PresignedMultipartClient extends DialectClient<PresignedInitiateRequest> {
  /** The dialect id in sessions. */
  public static final String DIALECT = "presigned";

  private final BaseUrl baseUrl;
  private final String projectId;

  private PresignedMultipartClient(BaseUrl baseUrl, String projectId, ClientRuntime runtime) {
    super(runtime);
    this.baseUrl = baseUrl;
    this.projectId = projectId;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected PresignedInitiateRequest toTypedRequest(UploadRequest request) {
    return PresignedInitiateRequest.from(request);
  }

  /**
   * Starts a multipart upload.
   *
   * @param request the request
   * @return the session: dialect {@code presigned}, destination the project, key the file name,
   *     parts 1..partsNumber, handle {@code requestKey}
   * @throws InvalidRequestException before any network call, when a rule is broken
   * @throws io.unipart.ServiceException when the API says no or answers a malformed body
   * @throws io.unipart.TransportException when the network fails after retries
   */
  @Override
  public UploadSession initiate(PresignedInitiateRequest request) {
    Objects.requireNonNull(request, "request");
    String project = request.projectId().orElse(projectId);
    RequestExecutor executor = executor();
    HttpRequest http =
        HttpRequest.builder(
                "POST",
                baseUrl.resolve(
                    null, "/api/projects/" + PercentEncoding.encode(project)
                        + "/uploads/multipart", null))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .body(json(request))
            .build();
    Instant started = executor.now();
    Instant expiresAt =
        request.presignedUrlExpiryTimeHours().isPresent()
            ? started.plusSeconds(3600L * request.presignedUrlExpiryTimeHours().getAsInt())
            : null;
    PresignedResponses.Initiated initiated =
        executor.execute(
            http,
            response -> PresignedResponses.parseInitiate(response, request.partsNumber(),
                expiresAt),
            request.deadline().orElse(null));
    UploadSession.Builder session =
        UploadSession.builder()
            .dialect(DIALECT)
            .uploadId(initiated.uploadId)
            .destination(project)
            .key(request.fileName())
            .requestId(initiated.requestId)
            .initiatedAt(started)
            .handle("requestKey", initiated.requestKey);
    if (initiated.uploadFileDetailsId != null) {
      session.handle("uploadFileDetailsId", initiated.uploadFileDetailsId);
    }
    initiated.parts.forEach(session::addPart);
    request.partSize().ifPresent(session::partSize);
    request.contentLength().ifPresent(session::contentLength);
    return session.build();
  }

  @Override
  public String toString() {
    return "PresignedMultipartClient{baseUrl=" + baseUrl + ", projectId=" + projectId + '}';
  }

  static void checkProjectId(String projectId) {
    if (projectId == null || projectId.isBlank()) {
      throw new InvalidRequestException("projectId", "is required");
    }
    if (!projectId.matches("[A-Za-z0-9._~-]{1,128}")) {
      throw new InvalidRequestException(
          "projectId", "must be 1..128 letters, digits, '.', '_', '~' or '-' (was \"" + projectId
              + "\")");
    }
  }

  private static byte[] json(PresignedInitiateRequest request) {
    try {
      return Codecs.jsonWriter().writeValueAsBytes(request.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends the Authorization value; never logged or printed. */
  static final class AuthorizationSigner implements Signer {
    private final Supplier<String> value;

    AuthorizationSigner(Supplier<String> value) {
      this.value = value;
    }

    @Override
    public HttpRequest sign(HttpRequest request, Instant now) {
      String v = value.get();
      if (v == null || v.isBlank()) {
        throw new InvalidRequestException("authorization", "is not set (PRESIGNED_API_TOKEN)");
      }
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c < ' ' || c > '~') {
          throw new InvalidRequestException("authorization", "must be printable US-ASCII");
        }
      }
      return request.toBuilder().header("Authorization", v).build();
    }
  }

  /** Builds a {@link PresignedMultipartClient}. Not thread-safe. */
  public static final class Builder extends ClientBuilder<Builder> {
    private String baseUrl;
    private String projectId;
    private Supplier<String> authorization;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the API's base URL. Required: the provider documents none.
     *
     * @param baseUrl e.g. {@code https://vp-api.example.com}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the project. Required.
     *
     * @param projectId the project's unique id
     * @return this builder
     */
    public Builder projectId(String projectId) {
      this.projectId = projectId;
      return this;
    }

    /**
     * Sends {@code Authorization: Bearer <token>}.
     *
     * @param token the token
     * @return this builder
     */
    public Builder bearerToken(String token) {
      Objects.requireNonNull(token, "token");
      this.authorization = () -> "Bearer " + token;
      return this;
    }

    /**
     * Sends {@code Authorization: Bearer <token>}, asking before every attempt.
     *
     * @param token supplies the token
     * @return this builder
     */
    public Builder bearerTokenSupplier(Supplier<String> token) {
      Objects.requireNonNull(token, "token");
      this.authorization = () -> {
        String t = token.get();
        return t == null || t.isBlank() ? null : "Bearer " + t;
      };
      return this;
    }

    /**
     * Sends this {@code Authorization} value as it is (another scheme, an API key).
     *
     * @param value the header value
     * @return this builder
     */
    public Builder authorization(String value) {
      Objects.requireNonNull(value, "value");
      this.authorization = () -> value;
      return this;
    }

    /**
     * Sends the supplied {@code Authorization} value as it is, asking before every attempt.
     *
     * @param value supplies the header value
     * @return this builder
     */
    public Builder authorizationSupplier(Supplier<String> value) {
      this.authorization = Objects.requireNonNull(value, "value");
      return this;
    }

    /**
     * Checks the settings and builds the client.
     *
     * @return the client; close it when done
     * @throws InvalidRequestException naming the setting that is missing or wrong
     */
    public PresignedMultipartClient build() {
      if (baseUrl == null) {
        throw new InvalidRequestException(
            "baseUrl", "is required: the provider documents no default");
      }
      BaseUrl parsed = secureBaseUrl("baseUrl", baseUrl);
      checkProjectId(projectId);
      if (authorization == null) {
        throw new InvalidRequestException(
            "authorization", "is required: bearerToken(..) or authorization(..)");
      }
      ClientRuntime runtime =
          buildRuntime(DIALECT, new AuthorizationSigner(authorization),
              PresignedResponses::classify);
      return new PresignedMultipartClient(parsed, projectId, runtime);
    }
  }
}
