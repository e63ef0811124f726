package io.unipart.presigned;

import io.unipart.ClientBuilder;
import io.unipart.internal.BaseUrl;
import io.unipart.internal.ClientRuntime;
import io.unipart.internal.JsonCodecs;
import io.unipart.internal.PartChecks;
import io.unipart.internal.PercentEncoding;
import io.unipart.internal.PresignedPartCalls;
import io.unipart.internal.RequestExecutor;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.Signer;
import io.unipart.InvalidRequestException;
import io.unipart.TypedMultipartClient;
import io.unipart.PartContent;
import io.unipart.UploadCapabilities;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.util.concurrent.CompletableFuture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Multipart uploads through a project API that hands out presigned part URLs ({@code POST
 * /api/projects/{projectId}/uploads/multipart}, {@code Authorization}, JSON envelope), the
 * GjirafaTech VP upload API: start, PUT parts to their URLs, complete, abort, renew expired URLs.
 * {@link io.unipart.MultipartUploader} drives it for whole files.
 *
 * <pre>{@code
 * try (PresignedMultipartClient vp = PresignedMultipartClient.builder()
 *     .baseUrl("https://vp-api.example.com")      // the provider documents none: required
 *     .projectId("agmipmdzkrte")
 *     .bearerToken(System.getenv("PRESIGNED_API_TOKEN"))
 *     .build()) {
 *   UploadSession session = vp.initiate(UploadRequest.builder()
 *       .key("intro.mp4").contentType("video/mp4").partCount(3).build());
 *   session.parts();                              // PUT each part there, keep the ETags
 *   session.handles().get("requestKey");          // complete and abort key on it
 * }
 * }</pre>
 *
 * <p>The session's parts are numbered exactly 1..partsNumber; anything else from the server is a
 * typed error. HTTP 500 and 503 ("Backend Fetch Failed") are retried; 401 and 403 are {@link
 * io.unipart.AuthenticationException}s. The neutral {@code key} is the {@code fileName}.
 */
public final class PresignedMultipartClient implements TypedMultipartClient<PresignedInitiateRequest> {
  /** The dialect id in sessions. */
  public static final String DIALECT = "presigned";

  /**
   * The presigned API's retries: {@link io.unipart.RetryPolicy#defaults()}, except that its 503
   * ("Backend Fetch Failed", a gateway's words on every page of its docs) is an error retried as
   * errors are, not throttling; only a 429 (which its docs do not list, but a gateway may send)
   * backs off as throttling.
   */
  public static final io.unipart.RetryPolicy DEFAULT_RETRY_POLICY =
      io.unipart.RetryPolicy.builder().throttlingStatuses(java.util.Set.of(429)).build();

  /**
   * The part rules assumed: the API documents none, and its part URLs are S3 presigned URLs, so
   * S3's apply (5 MiB except the last, at most 5 GiB, at most 10,000, numbered from 1); abort, no
   * list; part URLs issued at start, renewed through {@code multipart-resume}.
   */
  static final UploadCapabilities CAPABILITIES =
      UploadCapabilities.builder()
          .partSize(5L << 20, 5L << 30)
          .maxPartCount(10_000)
          .firstPartNumber(1)
          .consecutivePartNumbers(true)
          .canAbort(true)
          .partUrlsIssuedAtStart(true)
          .build();

  private final BaseUrl baseUrl;
  private final String projectId;
  private final PresignedPartCalls parts;

  private final ClientRuntime runtime;

  private PresignedMultipartClient(BaseUrl baseUrl, String projectId, ClientRuntime runtime) {
    this.runtime = runtime;
    this.baseUrl = baseUrl;
    this.projectId = projectId;
    this.parts = new PresignedPartCalls(
        runtime.executor().forPresignedUrls(PresignedPartCalls.STORAGE_ERRORS));
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts an upload from the neutral request, its fields mapped onto the presigned-upload API's as the class
   * comment says.
   *
   * @param request the neutral request
   * @return the session
   * @throws InvalidRequestException before any network call, when the presigned-upload API cannot honour a field
   */
  @Override
  public UploadSession initiate(UploadRequest request) {
    return initiate(PresignedInitiateRequest.builder(request).build());
  }

  @Override
  public CompletableFuture<UploadSession> initiateAsync(UploadRequest request) {
    return runtime.async(() -> initiate(request));
  }

  @Override
  public CompletableFuture<UploadSession> initiateAsync(PresignedInitiateRequest request) {
    return runtime.async(() -> initiate(request));
  }

  /** Releases the client's threads, and its transport unless the builder was given one. */
  @Override
  public void close() {
    runtime.close();
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
    RequestExecutor executor = runtime.executor();
    HttpRequest http =
        HttpRequest.builder(
                "POST",
                baseUrl.resolve(
                    null, "/api/projects/" + PercentEncoding.encode(project)
                        + "/uploads/multipart", null))
            .operation("initiate")
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .body(JsonCodecs.bytes(request.body()))
            .build();
    Instant started = executor.now();
    int hours = request.presignedUrlExpiryTimeHours().orElse(DEFAULT_URL_EXPIRY_HOURS);
    Instant expiresAt = started.plusSeconds(3600L * hours);
    PresignedResponses.Initiated initiated =
        executor.execute(
            http,
            response -> PresignedResponses.parseInitiate(response, request.partsNumber(),
                expiresAt),
            request.upload().deadline().orElse(null));
    UploadSession.Builder session =
        UploadSession.builder()
            .dialect(DIALECT)
            .uploadId(initiated.uploadId)
            .destination(project)
            .key(request.upload().key())
            .requestId(initiated.requestId)
            .initiatedAt(started)
            .handle("requestKey", initiated.requestKey);
    if (initiated.uploadFileDetailsId != null) {
      session.handle("uploadFileDetailsId", initiated.uploadFileDetailsId);
    }
    request.presignedUrlExpiryTimeHours().ifPresent(
        h -> session.handle(EXPIRY_HOURS_HANDLE, String.valueOf(h)));
    initiated.parts.forEach(session::addPart);
    request.plannedPartSize().ifPresent(session::partSize);
    request.upload().contentLength().ifPresent(session::contentLength);
    return session.build();
  }

  /**
   * The dialect id.
   *
   * @return {@value #DIALECT}
   */
  @Override
  public String dialect() {
    return DIALECT;
  }

  /**
   * The part rules assumed (S3's, as the part URLs are S3 presigned URLs; the API documents
   * none): 5 MiB except the last, at most 5 GiB and 10,000 parts numbered 1..N; abort, no list.
   *
   * @return the capabilities
   */
  @Override
  public UploadCapabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * PUTs a part to its presigned URL (no {@code Authorization}: the URL carries its own), keeping
   * the {@code ETag} complete needs. An expired or refused URL is a {@link
   * io.unipart.PartUrlExpiredException}; {@link #renewPartUrls} fetches fresh ones.
   *
   * @param session a session of this dialect
   * @param partNumber 1..N
   * @param content the bytes
   * @return the part with its ETag
   */
  @Override
  public UploadedPart uploadPart(UploadSession session, int partNumber, PartContent content) {
    PartChecks.session(DIALECT, session);
    return parts.put(session, partNumber, content, true);
  }

  /**
   * Completes the upload: {@code PUT .../uploads/multipart-complete} with {@code {requestKey,
   * parts: [{partNumber, eTag}]}}.
   *
   * @param session a session of this dialect
   * @param uploaded every part 1..N, each with its ETag
   * @return the finished file
   */
  @Override
  public UploadResult complete(UploadSession session, List<UploadedPart> uploaded) {
    PartChecks.session(DIALECT, session);
    PartChecks.forComplete(DIALECT, CAPABILITIES, uploaded, true, session.parts().size());
    List<PresignedBodies.Part> list = new ArrayList<>();
    for (UploadedPart p : uploaded) {
      list.add(new PresignedBodies.Part(p.partNumber(), p.etag().orElseThrow()));
    }
    // Every part is listed: the upload must never be completed from some of them.
    PresignedBodies.Complete body =
        new PresignedBodies.Complete(requestKey(session), false, list);
    String requestId = runtime.executor().execute(
        jsonRequest("PUT", session, "/uploads/multipart-complete", body),
        PresignedResponses::requireTrueResult, null);
    return UploadResult.builder(session).parts(uploaded).requestId(requestId).build();
  }

  /**
   * Aborts the upload: {@code PUT .../uploads/multipart-abort} with {@code {requestKey}}.
   *
   * @param session a session of this dialect
   */
  @Override
  public void abort(UploadSession session) {
    PartChecks.session(DIALECT, session);
    PresignedBodies.Key body = new PresignedBodies.Key(requestKey(session));
    runtime.executor().execute(jsonRequest("PUT", session, "/uploads/multipart-abort", body),
        PresignedResponses::requireTrueResult, null);
  }

  /**
   * The API lists no parts.
   *
   * @param session a session
   * @return never
   * @throws UnsupportedOperationException always
   */
  @Override
  public List<UploadedPart> listParts(UploadSession session) {
    throw new UnsupportedOperationException("the presigned-URL API has no part listing");
  }

  /**
   * Fresh part URLs: {@code POST .../uploads/multipart-resume} with {@code {requestKey,
   * presignedUrlExpiryTimeHours}}, keeping the expiry the upload was started with (else the
   * API's documented default of {@value #DEFAULT_URL_EXPIRY_HOURS} hours). The answer may list
   * URLs only for the parts not yet uploaded: those replace their old URLs, the others stay.
   *
   * @param session a session of this dialect
   * @return the session with fresh part URLs (and the upload id the API answered)
   */
  @Override
  public UploadSession renewPartUrls(UploadSession session) {
    PartChecks.session(DIALECT, session);
    String chosen = session.handles().get(EXPIRY_HOURS_HANDLE);
    int hours = chosen == null ? DEFAULT_URL_EXPIRY_HOURS : Integer.parseInt(chosen);
    PresignedBodies.Resume body = new PresignedBodies.Resume(requestKey(session),
        chosen == null ? null : hours);
    int count = session.parts().size();
    Instant expiresAt = runtime.executor().now().plusSeconds(3600L * hours);
    PresignedResponses.Initiated renewed = runtime.executor().execute(
        jsonRequest("POST", session, "/uploads/multipart-resume", body),
        response -> PresignedResponses.parseResume(response, count, expiresAt), null);
    java.util.TreeMap<Integer, io.unipart.PartTarget> merged = new java.util.TreeMap<>();
    session.parts().forEach(p -> merged.put(p.partNumber(), p));
    renewed.parts.forEach(p -> merged.put(p.partNumber(), p));
    return session.toBuilder().uploadId(renewed.uploadId)
        .parts(new java.util.ArrayList<>(merged.values()))
        .handle("requestKey", renewed.requestKey).build();
  }

  /** The part URLs' lifetime when none is chosen, as the API documents it. */
  public static final int DEFAULT_URL_EXPIRY_HOURS = 12;

  /** The session handle that keeps the chosen URL expiry for renewals. */
  static final String EXPIRY_HOURS_HANDLE = "presignedUrlExpiryTimeHours";

  private HttpRequest jsonRequest(String method, UploadSession session, String path,
      Object body) {
    return HttpRequest.builder(method, baseUrl.resolve(null, "/api/projects/"
            + PercentEncoding.encode(session.destination()) + path, null))
        .operation(path.endsWith("complete") ? "complete" : path.endsWith("abort") ? "abort"
            : "renewPartUrls")
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .body(JsonCodecs.bytes(body))
        .build();
  }

  private static String requestKey(UploadSession session) {
    String key = session.handles().get("requestKey");
    if (key == null || key.isBlank()) {
      throw new InvalidRequestException("session", "has no requestKey handle");
    }
    return key;
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

    @Override
    protected io.unipart.RetryPolicy defaultRetryPolicy() {
      return DEFAULT_RETRY_POLICY;
    }

    /**
     * Sets the API's base URL. Required: the provider documents none.
     *
     * @param baseUrl e.g. {@code https://vp-api.example.com}
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the project. Required.
     *
     * @param projectId the project's unique id
     */
    public Builder projectId(String projectId) {
      this.projectId = projectId;
      return this;
    }

    /**
     * Sends {@code Authorization: Bearer <token>}.
     *
     * @param token the token
     */
    public Builder bearerToken(String token) {
      String t = io.unipart.internal.FieldChecks.credential("bearerToken", token);
      this.authorization = () -> "Bearer " + t;
      return this;
    }

    /**
     * Sends {@code Authorization: Bearer <token>}, asking before every attempt.
     *
     * @param token supplies the token
     */
    public Builder bearerTokenSupplier(Supplier<String> token) {
      if (token == null) {
        throw new InvalidRequestException("bearerTokenSupplier", "must not be null");
      }
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
     */
    public Builder authorization(String value) {
      if (value == null || value.isBlank()) {
        throw new InvalidRequestException("authorization", "must not be empty");
      }
      io.unipart.internal.FieldChecks.headerValue("authorization", value);
      this.authorization = () -> value;
      return this;
    }

    /**
     * Sends the supplied {@code Authorization} value as it is, asking before every attempt.
     *
     * @param value supplies the header value
     */
    public Builder authorizationSupplier(Supplier<String> value) {
      if (value == null) {
        throw new InvalidRequestException("authorizationSupplier", "must not be null");
      }
      this.authorization = value;
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
