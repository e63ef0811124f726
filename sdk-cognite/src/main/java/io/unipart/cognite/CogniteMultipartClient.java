package io.unipart.cognite;

import io.unipart.ClientBuilder;
import io.unipart.internal.BaseUrl;
import io.unipart.internal.ClientRuntime;
import io.unipart.internal.JsonCodecs;
import io.unipart.internal.PartChecks;
import io.unipart.internal.PercentEncoding;
import io.unipart.internal.PresignedPartCalls;
import io.unipart.internal.RequestExecutor;
import io.unipart.spi.HttpRequest;
import io.unipart.InvalidRequestException;
import io.unipart.TypedMultipartClient;
import io.unipart.PartContent;
import io.unipart.RetryPolicy;
import io.unipart.UploadCapabilities;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Multipart uploads of Cognite Data Fusion files ({@code POST
 * /api/v1/projects/{project}/files/initmultipartupload?parts=N}, OAuth bearer token, JSON): the
 * session carries one presigned {@link io.unipart.PartTarget} per part, in order; parts are PUT
 * there with no Cognite token, then {@code files/completemultipartupload}. Cognite has no abort
 * (see {@link Builder#deleteFileOnAbort(boolean)}); expired URLs are renewed through {@code
 * files/multiuploadlink}. {@link io.unipart.MultipartUploader} drives it for whole files.
 *
 * <pre>{@code
 * try (CogniteMultipartClient cdf = CogniteMultipartClient.builder()
 *     .baseUrl("https://westeurope-1.cognitedata.com")
 *     .project("my-project")
 *     .tokenSource(ClientCredentials.builder()
 *         .tokenUrl(tokenUrl).clientId(id).clientSecret(secret)
 *         .scopes("https://westeurope-1.cognitedata.com/.default").build())
 *     .build()) {
 *   UploadSession session = cdf.initiate(UploadRequest.builder()
 *       .key("pump-42.mp4").contentType("video/mp4").contentLength(734_003_200L).build());
 *   session.parts();                          // 14 upload URLs of 50 MiB
 *   session.handles().get("fileId");          // for files/completemultipartupload
 * }
 * }</pre>
 *
 * <p>How the neutral {@link UploadRequest} maps: {@code key} is the file {@code name}, {@code
 * contentType} its {@code mimeType}, metadata carries over, and the part count comes from {@code
 * partCount}, or from {@code contentLength} (with {@code partSize}, or 50 MiB parts as Cognite's
 * SDK does). Retries: HTTP 429, 502, 503 and 504, and any answer marked {@code
 * cdf-is-auto-retryable}. Note that a retried initiate without an {@code externalId} can create a
 * second file (Cognite cannot tell the attempts apart); set an {@code externalId} to make retries
 * safe. A 401 renews the token once.
 */
public final class CogniteMultipartClient implements TypedMultipartClient<CogniteInitiateRequest> {
  /** The dialect id in sessions. */
  public static final String DIALECT = "cognite";

  /** The session handle saying the upload created its file, so abort may delete it. */
  static final String CREATED_FILE_HANDLE = "createdFile";

  /**
   * Cognite's retries, as its official SDK makes them ({@code cognite/client/config.py}): up to 10
   * retries, backoff from 0.5 s doubling to at most 60 s, on HTTP 429, 502, 503 and 504 (500 is
   * not retried: the file may exist) and on any answer marked {@code cdf-is-auto-retryable};
   * 429 and 503 are throttling ("truncated exponential backoff", Cognite's throttling page), and
   * {@code Retry-After} is honoured. A connection that fails before any answer (refused, reset) is
   * retried at most 3 times, as the SDK's {@code max_retries_connect}: an endpoint that is down
   * ends in seconds, not minutes.
   */
  public static final RetryPolicy DEFAULT_RETRY_POLICY =
      RetryPolicy.builder()
          .maxAttempts(11)
          .baseDelay(Duration.ofMillis(500))
          .maxDelay(Duration.ofSeconds(60))
          .maxThrottledRetries(10)
          .throttledBaseDelay(Duration.ofMillis(500))
          .throttledMaxDelay(Duration.ofSeconds(60))
          .retryableStatuses(Set.of(429, 502, 503, 504))
          .maxConnectionRetries(3)
          .build();

  /** Cognite's documented part rules: more than 5 MiB (all but the last), under 4000 MiB. */
  static final long MIN_PART_SIZE = (5L << 20) + 1;

  /** Parts must be smaller than 4000 MiB. */
  static final long MAX_PART_SIZE = (4000L << 20) - 1;

  private final BaseUrl baseUrl;
  private final String project;
  private final String cdfVersion;
  private final String appName;
  private final boolean deleteFileOnAbort;
  private final UploadCapabilities capabilities;
  private final PresignedPartCalls parts;

  private final ClientRuntime runtime;

  private CogniteMultipartClient(Builder b, BaseUrl baseUrl, ClientRuntime runtime) {
    this.runtime = runtime;
    this.baseUrl = baseUrl;
    this.project = b.project;
    this.cdfVersion = b.cdfVersion;
    this.appName = b.appName;
    this.deleteFileOnAbort = b.deleteFileOnAbort;
    this.capabilities =
        UploadCapabilities.builder()
            .partSize(MIN_PART_SIZE, MAX_PART_SIZE)
            .maxPartCount(CogniteRules.MAX_PARTS)
            .firstPartNumber(1)
            .consecutivePartNumbers(true)
            .canAbort(deleteFileOnAbort)
            .partUrlsIssuedAtStart(true)
            .recommendedConcurrency(3)
            .build();
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
   * Starts an upload from the neutral request, its fields mapped onto Cognite's as the class
   * comment says.
   *
   * @param request the neutral request
   * @return the session
   * @throws InvalidRequestException before any network call, when Cognite cannot honour a field
   */
  @Override
  public UploadSession initiate(UploadRequest request) {
    return initiate(CogniteInitiateRequest.builder(request).build());
  }

  @Override
  public CompletableFuture<UploadSession> initiateAsync(UploadRequest request) {
    return runtime.async(() -> initiate(request));
  }

  @Override
  public CompletableFuture<UploadSession> initiateAsync(CogniteInitiateRequest request) {
    return runtime.async(() -> initiate(request));
  }

  /** Releases the client's threads, and its transport unless the builder was given one. */
  @Override
  public void close() {
    runtime.close();
  }


  /**
   * Starts a multipart upload with every Cognite field.
   *
   * @param request the Cognite request
   * @return the session: dialect {@code cognite}, destination the project, key the file name,
   *     one part target per upload URL, handles {@code fileId} and (when set) {@code externalId}
   * @throws InvalidRequestException before any network call, when a limit is broken
   * @throws io.unipart.UploadConflictException when the external id exists and overwrite is off
   * @throws io.unipart.ServiceException when Cognite says no
   * @throws io.unipart.TransportException when the network fails after retries
   */
  @Override
  public UploadSession initiate(CogniteInitiateRequest request) {
    Objects.requireNonNull(request, "request");
    RequestExecutor executor = runtime.executor();
    String query = "parts=" + request.parts() + (request.overwrite() ? "&overwrite=true" : "");
    HttpRequest http = post("/files/initmultipartupload", query, request.body());
    CogniteResponses.Initiated initiated =
        executor.execute(
            http,
            response -> CogniteResponses.parseInitiate(response, request.parts()),
            request.upload().deadline().orElse(null));
    UploadSession.Builder session =
        UploadSession.builder()
            .dialect(DIALECT)
            .uploadId(initiated.uploadId)
            .destination(project)
            .key(request.upload().key())
            .requestId(initiated.requestId)
            .initiatedAt(executor.now())
            .handle("fileId", String.valueOf(initiated.id));
    if (initiated.externalId != null) {
      session.handle("externalId", initiated.externalId);
    }
    if (!request.overwrite() || initiated.newFile) {
      session.handle(CREATED_FILE_HANDLE, "true");
    }
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
   * Cognite's part rules: more than 5 MiB (all but the last) and under 4000 MiB, at most 250
   * parts numbered 1..N, all of them needed; no part listing; part URLs issued at start. Abort
   * only when the client deletes the file instead ({@link Builder#deleteFileOnAbort(boolean)}).
   *
   * @return the capabilities
   */
  @Override
  public UploadCapabilities capabilities() {
    return capabilities;
  }

  /**
   * PUTs a part to its upload URL with {@code Content-Length} and no Cognite token (the URL
   * carries its own authorization). An expired or refused URL is a {@link
   * io.unipart.PartUrlExpiredException}; {@link #renewPartUrls} fetches fresh ones.
   *
   * @param session a Cognite session
   * @param partNumber 1..N, the position of its URL in {@code uploadUrls}
   * @param content the bytes
   * @return the part (Cognite collects no ETag)
   */
  @Override
  public UploadedPart uploadPart(UploadSession session, int partNumber, PartContent content) {
    PartChecks.session(DIALECT, session);
    return parts.put(session, partNumber, content, false);
  }

  /**
   * Completes the upload: {@code POST files/completemultipartupload} with {@code {id, uploadId}}
   * (or {@code externalId}). Every part 1..N must have been sent.
   *
   * @param session a Cognite session
   * @param uploaded every part, 1..N
   * @return the file; its {@code uploaded} flag turns true shortly after
   */
  @Override
  public UploadResult complete(UploadSession session, List<UploadedPart> uploaded) {
    PartChecks.session(DIALECT, session);
    PartChecks.forComplete(DIALECT, capabilities, uploaded, false, session.parts().size());
    CogniteBodies.FileRef file = fileReference(session);
    String requestId = runtime.executor().execute(
        post("/files/completemultipartupload", null,
            new CogniteBodies.Complete(file.id(), file.externalId(), session.uploadId())),
        response -> response.header("x-request-id"), null);
    return UploadResult.builder(session).parts(uploaded).requestId(requestId).build();
  }

  /**
   * Cognite has no abort. A client built with {@link Builder#deleteFileOnAbort(boolean)} deletes
   * the file the upload created ({@code POST files/delete}) instead; otherwise this throws. A file
   * that existed before the upload (an overwrite by external id) is never deleted: Cognite keeps
   * its earlier content when an upload does not finish, and the refusal says so.
   *
   * @param session a Cognite session
   * @throws UnsupportedOperationException when the client does not delete files on abort
   * @throws InvalidRequestException before any call, when the session's file was not created by
   *     this upload
   */
  @Override
  public void abort(UploadSession session) {
    PartChecks.session(DIALECT, session);
    if (!deleteFileOnAbort) {
      throw new UnsupportedOperationException("Cognite has no abort for multipart uploads; build"
          + " the client with deleteFileOnAbort(true) to delete the file instead");
    }
    if (!"true".equals(session.handles().get(CREATED_FILE_HANDLE))) {
      throw new InvalidRequestException("session", "overwrites file "
          + session.handles().getOrDefault("externalId", session.handles().get("fileId"))
          + ", which existed before this upload: it is not deleted (Cognite keeps its earlier"
          + " content when an upload does not finish)");
    }
    runtime.executor().execute(post("/files/delete", null,
        new CogniteBodies.Items<>(List.of(fileReference(session)))), response -> null, null);
  }

  /**
   * Cognite lists no parts.
   *
   * @param session a session
   * @return never
   * @throws UnsupportedOperationException always
   */
  @Override
  public List<UploadedPart> listParts(UploadSession session) {
    throw new UnsupportedOperationException("Cognite has no part listing for multipart uploads");
  }

  /**
   * Fresh upload URLs for the same file: {@code POST files/multiuploadlink?parts=N} with {@code
   * {items: [{id}]}}. Cognite answers with a new upload id, so parts sent before no longer count
   * (the uploader sends them again).
   *
   * @param session a Cognite session
   * @return the session with the new upload id and URLs
   */
  @Override
  public UploadSession renewPartUrls(UploadSession session) {
    PartChecks.session(DIALECT, session);
    int count = session.parts().size();
    CogniteResponses.Links links = runtime.executor().execute(
        post("/files/multiuploadlink", "parts=" + count,
            new CogniteBodies.Items<>(List.of(fileReference(session)))),
        response -> CogniteResponses.parseLinks(response, count), null);
    return session.toBuilder().uploadId(links.uploadId).parts(links.parts)
        .requestId(links.requestId).build();
  }

  private static CogniteBodies.FileRef fileReference(UploadSession session) {
    String id = session.handles().get("fileId");
    String externalId = session.handles().get("externalId");
    if (id != null && id.matches("\\d{1,19}")) {
      return new CogniteBodies.FileRef(Long.parseLong(id), null);
    }
    if (externalId != null && !externalId.isEmpty()) {
      return new CogniteBodies.FileRef(null, externalId);
    }
    throw new InvalidRequestException("session", "has neither a fileId nor an externalId"
        + " handle");
  }

  private HttpRequest post(String path, String query, Object body) {
    HttpRequest.Builder http =
        HttpRequest.builder("POST", baseUrl.resolve(null,
                "/api/v1/projects/" + PercentEncoding.encode(project) + path, query))
            .operation(switch (path) {
              case "/files/initmultipartupload" -> "initiate";
              case "/files/completemultipartupload" -> "complete";
              case "/files/delete" -> "deleteFile";
              default -> "renewPartUrls";
            })
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("x-cdp-sdk", "unipart-java");
    if (cdfVersion != null) {
      http.header("cdf-version", cdfVersion);
    }
    if (appName != null) {
      http.header("x-cdp-app", appName);
    }
    return http.body(JsonCodecs.bytes(body)).build();
  }

  @Override
  public String toString() {
    return "CogniteMultipartClient{baseUrl=" + baseUrl + ", project=" + project + '}';
  }

  /** Builds a {@link CogniteMultipartClient}. Not thread-safe. */
  public static final class Builder extends ClientBuilder<Builder> {
    private String baseUrl;
    private String project;
    private String cdfVersion;
    private String appName;
    private TokenSource tokens;
    private boolean deleteFileOnAbort;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected RetryPolicy defaultRetryPolicy() {
      return DEFAULT_RETRY_POLICY;
    }

    /**
     * Sets the cluster's base URL. Required.
     *
     * @param baseUrl e.g. {@code https://westeurope-1.cognitedata.com}
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the CDF project. Required.
     *
     * @param project the project name
     */
    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /**
     * Pins the API version ({@code cdf-version} header); without it Cognite uses 20230101.
     *
     * @param cdfVersion a date, {@code YYYYMMDD}, or null
     */
    public Builder cdfVersion(String cdfVersion) {
      this.cdfVersion = cdfVersion;
      return this;
    }

    /**
     * Names the application in the {@code x-cdp-app} header.
     *
     * @param appName the name, or null
     */
    public Builder appName(String appName) {
      this.appName = appName;
      return this;
    }

    /**
     * Uses one fixed access token.
     *
     * @param token the token
     */
    public Builder token(String token) {
      this.tokens = TokenSource.of(token);
      return this;
    }

    /**
     * Asks a token source before every attempt (e.g. {@link ClientCredentials}). The client does
     * not close it.
     *
     * @param tokens the source
     */
    public Builder tokenSource(TokenSource tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /**
     * Cognite has no abort: with this on, {@code abort} (and the uploader, when an upload fails)
     * deletes the file the upload created instead. Use it only for files made for this upload,
     * never when overwriting one that should survive a failure. Off by default.
     *
     * @param delete true to delete the file on abort
     */
    public Builder deleteFileOnAbort(boolean delete) {
      this.deleteFileOnAbort = delete;
      return this;
    }

    /**
     * Checks the settings and builds the client.
     *
     * @return the client; close it when done
     * @throws InvalidRequestException naming the setting that is missing or wrong
     */
    public CogniteMultipartClient build() {
      BaseUrl parsed = secureBaseUrl("baseUrl", baseUrl);
      if (project == null || !project.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,254}")) {
        throw new InvalidRequestException(
            "project", "is required: letters, digits, '.', '_' and '-' (was " + project + ")");
      }
      if (cdfVersion != null && !cdfVersion.matches("\\d{8}(-beta|-alpha)?")) {
        throw new InvalidRequestException(
            "cdfVersion", "must be a date YYYYMMDD (was " + cdfVersion + ")");
      }
      if (appName != null) {
        io.unipart.internal.FieldChecks.headerValue("appName", appName);
      }
      if (tokens == null) {
        throw new InvalidRequestException("token", "is required: token(..) or tokenSource(..)");
      }
      ClientRuntime runtime =
          buildRuntime(DIALECT, new BearerSigner(tokens), CogniteResponses::classify);
      return new CogniteMultipartClient(this, parsed, runtime);
    }
  }
}
