package io.unipart.rum;

import io.unipart.ClientBuilder;
import io.unipart.internal.BaseUrl;
import io.unipart.internal.ClientRuntime;
import io.unipart.internal.FieldChecks;
import io.unipart.internal.JsonCodecs;
import io.unipart.internal.PartChecks;
import io.unipart.internal.RequestExecutor;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.ServiceError;
import io.unipart.spi.Signer;
import io.unipart.InvalidRequestException;
import io.unipart.TypedMultipartClient;
import io.unipart.PartContent;
import io.unipart.UploadCapabilities;
import io.unipart.UploadConflictException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.util.concurrent.CompletableFuture;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Multipart uploads of RUM sourcemaps to Guance ({@code POST
 * /api/v1/rum_sourcemap/multipart_upload_init}, {@code DF-API-KEY}, JSON envelope): start, send
 * 0-based chunks of at most 10 MB ({@code upload_part}), list them ({@code part_list}), merge
 * ({@code part_merge}) or cancel ({@code upload_cancel}). {@link io.unipart.MultipartUploader}
 * drives it for whole sourcemap archives.
 *
 * <pre>{@code
 * try (RumSourcemapClient rum = RumSourcemapClient.builder()
 *     .site(GuanceSite.CN1)                       // or .baseUrl("https://openapi.example.com")
 *     .apiKey(System.getenv("DF_API_KEY"))
 *     .appId("app_demo")
 *     // paced at Guance's 20 requests a minute per key unless .rateLimit(..)/.noRateLimit()
 *     .build()) {
 *   UploadSession session = rum.initiate(RumInitiateRequest.builder(
 *       UploadRequest.builder().key("1.0.2").build()).appId("app_demo").env("daily").build());
 * }
 * }</pre>
 *
 * <p>Guance keeps one sourcemap per app, version and env: without {@code needCover} (the neutral
 * {@code overwrite(true)}) a second one is refused with an {@link UploadConflictException} that
 * names them; a session never carries an empty upload id. Guance throttles with HTTP 401 and
 * {@code ft.TriggerApi*CurrentLimiting}: that is retried as throttling, while {@code
 * ft.InvalidAPIKey} is an {@link io.unipart.AuthenticationException}. Every request (retries
 * included) is paced under Guance's published limit of {@value #REQUESTS_PER_MINUTE} a minute per
 * key by default. The neutral {@code key} is the sourcemap's version.
 */
public final class RumSourcemapClient implements TypedMultipartClient<RumInitiateRequest> {
  /** The dialect id in sessions. */
  public static final String DIALECT = "rum";

  /**
   * Guance's retries: errors as {@link io.unipart.RetryPolicy#defaults()}; throttling ({@code
   * ft.TriggerApiAkCurrentLimiting} and {@code ft.TriggerApiWorkspaceCurrentLimiting}, which
   * arrive as HTTP 401, or a 429) waits into the next one-minute window, since Guance counts
   * requests per minute ({@code api-limit.md}), up to 30 times, and never past the call's
   * deadline. A 503 is a gateway's error here, retried as errors are: Guance throttles in its
   * own codes.
   */
  public static final io.unipart.RetryPolicy DEFAULT_RETRY_POLICY =
      io.unipart.RetryPolicy.builder()
          .maxThrottledRetries(30)
          .throttlingWindow(java.time.Duration.ofMinutes(1))
          .throttlingStatuses(java.util.Set.of(429))
          .build();
  static final String BASE = "/api/v1/rum_sourcemap/";

  /** "单片文件大小控制在 10MB 以内": a chunk is at most 10 MB (read as 10,000,000 bytes). */
  public static final long MAX_CHUNK_SIZE = 10_000_000L;

  /** Guance's published limit per API key: 20 requests a minute; the default pacing. */
  public static final int REQUESTS_PER_MINUTE = 20;

  /**
   * Guance's chunk rules: at most 10 MB each (no minimum documented), numbered from 0 ({@code
   * chunkIndex}); cancel and {@code part_list} are available.
   */
  static final UploadCapabilities CAPABILITIES =
      UploadCapabilities.builder()
          .partSize(1, MAX_CHUNK_SIZE)
          .maxPartCount(10_000)
          .firstPartNumber(0)
          .canAbort(true)
          .canListParts(true)
          .build();

  private final BaseUrl baseUrl;
  private final String appId;

  private final ClientRuntime runtime;

  private RumSourcemapClient(BaseUrl baseUrl, String appId, ClientRuntime runtime) {
    this.runtime = runtime;
    this.baseUrl = baseUrl;
    this.appId = appId;
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
   * Starts an upload from the neutral request, its fields mapped onto Guance RUM's as the class
   * comment says.
   *
   * @param request the neutral request
   * @return the session
   * @throws InvalidRequestException before any network call, when Guance RUM cannot honour a field
   */
  @Override
  public UploadSession initiate(UploadRequest request) {
    Objects.requireNonNull(request, "request");
    return initiate(typed(request));
  }

  @Override
  public CompletableFuture<UploadSession> initiateAsync(UploadRequest request) {
    return runtime.async(() -> initiate(request));
  }

  @Override
  public CompletableFuture<UploadSession> initiateAsync(RumInitiateRequest request) {
    return runtime.async(() -> initiate(request));
  }

  /** Releases the client's threads, and its transport unless the builder was given one. */
  @Override
  public void close() {
    runtime.close();
  }

  private RumInitiateRequest typed(UploadRequest request) {
    if (appId == null) {
      throw new InvalidRequestException(
          "appId", "is required: set it on the client, or use a RumInitiateRequest");
    }
    return RumInitiateRequest.builder(request).appId(appId).build();
  }

  /**
   * Starts a sourcemap upload.
   *
   * @param request the RUM request
   * @return the session: dialect {@code rum}, destination the app id, key the version, handles
   *     {@code version}, {@code env}, {@code existsOldTask}, {@code existsSameFile}
   * @throws UploadConflictException when the app already has a sourcemap for this version and
   *     env and {@code needCover} is off
   * @throws io.unipart.ServiceException when Guance says no
   * @throws io.unipart.TransportException when the network fails after retries
   */
  @Override
  public UploadSession initiate(RumInitiateRequest request) {
    Objects.requireNonNull(request, "request");
    RequestExecutor executor = runtime.executor();
    HttpRequest http = json("multipart_upload_init", new RumBodies.Init(request.needCover(),
        request.appId(), request.version(), request.env()));
    RumResponses.Initiated initiated;
    try {
      initiated =
          executor.execute(http, RumResponses::parseInitiate,
              request.upload().deadline().orElse(null));
    } catch (UploadConflictException e) {
      throw conflict(e, request);
    }
    UploadSession.Builder session =
        UploadSession.builder()
            .dialect(DIALECT)
            .uploadId(initiated.uploadId)
            .destination(request.appId())
            .key(request.version().isEmpty() ? "(no version)" : request.version())
            .requestId(initiated.traceId)
            .initiatedAt(executor.now())
            .handle("version", request.version())
            .handle("env", request.env())
            .handle("existsOldTask", String.valueOf(initiated.existsOldTask))
            .handle("existsSameFile", String.valueOf(initiated.existsSameFile));
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
   * Guance's chunk rules: at most 10 MB each, numbered from 0, any count up to 10,000 (none is
   * documented); cancel and part listing available.
   *
   * @return the capabilities
   */
  @Override
  public UploadCapabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * Sends one chunk: {@code POST upload_part} as {@code multipart/form-data} with {@code
   * uploadId}, {@code chunkIndex} and the bytes as {@code files}, streamed from the source.
   *
   * @param session a RUM session
   * @param partNumber the 0-based {@code chunkIndex}
   * @param content at most 10 MB
   * @return the chunk as acknowledged (Guance returns no ETag)
   */
  @Override
  public UploadedPart uploadPart(UploadSession session, int partNumber, PartContent content) {
    PartChecks.session(DIALECT, session);
    PartChecks.partNumber(CAPABILITIES, "partNumber", partNumber);
    Objects.requireNonNull(content, "content");
    if (content.length() > MAX_CHUNK_SIZE) {
      throw new InvalidRequestException("content", "a chunk must be at most " + MAX_CHUNK_SIZE
          + " bytes (10 MB) (was " + content.length() + ")");
    }
    String boundary = "unipart-" + UUID.randomUUID();
    byte[] head = (field(boundary, "uploadId", session.uploadId())
        + field(boundary, "chunkIndex", String.valueOf(partNumber))
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\""
        + "chunk-" + partNumber + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    PartContent body = PartContent.ofStream(head.length + content.length() + tail.length,
        () -> new SequenceInputStream(Collections.enumeration(List.of(
            new ByteArrayInputStream(head), content.openStream(), new ByteArrayInputStream(tail)))));
    HttpRequest http = HttpRequest.builder("POST", baseUrl.resolve(null, BASE + "upload_part",
            null)).operation("uploadPart")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("Accept", "application/json")
        .body(body)
        .build();
    long size = content.length();
    runtime.executor()
        .execute(http, response -> RumResponses.checkChunk(response, partNumber), null,
        runtime.executor().attemptTimeoutFor(size));
    return UploadedPart.of(partNumber, null, size);
  }

  /**
   * Merges the chunks: {@code POST part_merge} with {@code {uploadId, chunkIndexs}}.
   *
   * @param session a RUM session
   * @param parts the chunks, ascending
   * @return the sourcemap upload; Guance unpacks it after this returns
   */
  @Override
  public UploadResult complete(UploadSession session, List<UploadedPart> parts) {
    PartChecks.session(DIALECT, session);
    PartChecks.forComplete(DIALECT, CAPABILITIES, parts, false, -1);
    List<Integer> indexes = new ArrayList<>();
    parts.forEach(p -> indexes.add(p.partNumber()));
    String traceId = runtime.executor().execute(
        json("part_merge", new RumBodies.Merge(session.uploadId(), indexes)),
        RumResponses::traceId, null);
    return UploadResult.builder(session).parts(parts).requestId(traceId).build();
  }

  /**
   * Cancels the upload: {@code POST upload_cancel} with {@code {uploadId}}.
   *
   * @param session a RUM session
   */
  @Override
  public void abort(UploadSession session) {
    PartChecks.session(DIALECT, session);
    runtime.executor().execute(json("upload_cancel", new RumBodies.Upload(session.uploadId())),
        RumResponses::traceId, null);
  }

  /**
   * The chunks Guance holds: {@code POST part_list} with {@code {uploadId}}, read from {@code
   * content.chunkIndexs} (indexes only: no sizes or ETags).
   *
   * @param session a RUM session
   * @return the chunks, ascending, each of unknown size (-1)
   */
  @Override
  public List<UploadedPart> listParts(UploadSession session) {
    PartChecks.session(DIALECT, session);
    return runtime.executor().execute(json("part_list", new RumBodies.Upload(session.uploadId())),
        RumResponses::parseChunkList, null);
  }

  private static String field(String boundary, String name, String value) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n"
        + value + "\r\n";
  }

  private HttpRequest json(String endpoint, Object body) {
    return HttpRequest.builder("POST", baseUrl.resolve(null, BASE + endpoint, null))
        .operation(switch (endpoint) {
          case "multipart_upload_init" -> "initiate";
          case "part_merge" -> "complete";
          case "upload_cancel" -> "abort";
          default -> "listParts";
        })
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .body(JsonCodecs.bytes(body))
        .build();
  }

  @Override
  public String toString() {
    return "RumSourcemapClient{baseUrl=" + baseUrl + (appId == null ? "" : ", appId=" + appId)
        + '}';
  }

  private static UploadConflictException conflict(
      UploadConflictException e, RumInitiateRequest request) {
    ServiceError error =
        e.error().toBuilder()
            .message("app " + request.appId() + " already has a sourcemap for version \""
                + request.version() + "\" and env \"" + request.env() + "\"; set needCover(true)"
                + " (overwrite(true)) to replace it")
            .detail("appId", request.appId())
            .detail("version", request.version())
            .detail("env", request.env())
            .build();
    return new UploadConflictException(error, e.attempts());
  }

  /** Sends the API key; never logged or printed. */
  static final class ApiKeySigner implements Signer {
    private final Supplier<String> key;

    ApiKeySigner(Supplier<String> key) {
      this.key = key;
    }

    @Override
    public HttpRequest sign(HttpRequest request, Instant now) {
      String k = key.get();
      if (k == null || k.isBlank()) {
        throw new InvalidRequestException("apiKey", "is not set (DF_API_KEY)");
      }
      FieldChecks.credential("apiKey", k);
      return request.toBuilder().header("DF-API-KEY", k).build();
    }
  }

  /** Builds a {@link RumSourcemapClient}. Not thread-safe. */
  public static final class Builder extends ClientBuilder<Builder> {
    private String baseUrl;
    private String appId;
    private Supplier<String> apiKey = () -> System.getenv("DF_API_KEY");

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
     * Uses one of Guance's public sites.
     *
     * @param site the site
     */
    public Builder site(GuanceSite site) {
      if (site == null) {
        throw new InvalidRequestException("site", "must not be null");
      }
      this.baseUrl = site.baseUrl();
      return this;
    }

    /**
     * Uses any deployment's open-API URL (private deployments).
     *
     * @param baseUrl e.g. {@code https://openapi.example.com}
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the API key sent as {@code DF-API-KEY}. Default: the {@code DF_API_KEY} variable.
     *
     * @param apiKey the key
     */
    public Builder apiKey(String apiKey) {
      String key = io.unipart.internal.FieldChecks.credential("apiKey", apiKey);
      this.apiKey = () -> key;
      return this;
    }

    /**
     * Asks for the API key before every attempt (rotating keys).
     *
     * @param apiKey supplies the key
     */
    public Builder apiKeySupplier(Supplier<String> apiKey) {
      if (apiKey == null) {
        throw new InvalidRequestException("apiKeySupplier", "must not be null");
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Binds the client to an app, used for neutral requests.
     *
     * @param appId the app id
     */
    public Builder appId(String appId) {
      this.appId = appId;
      return this;
    }

    /**
     * Checks the settings and builds the client.
     *
     * @return the client; close it when done
     * @throws InvalidRequestException naming the setting that is missing or wrong
     */
    public RumSourcemapClient build() {
      if (baseUrl == null) {
        throw new InvalidRequestException("baseUrl", "is required: site(..) or baseUrl(..)");
      }
      BaseUrl parsed = secureBaseUrl("baseUrl", baseUrl);
      if (appId != null && appId.isBlank()) {
        throw new InvalidRequestException("appId", "must not be empty");
      }
      if (!rateLimitChosen()) {
        rateLimit(REQUESTS_PER_MINUTE, Duration.ofMinutes(1));
      }
      ClientRuntime runtime =
          buildRuntime(DIALECT, new ApiKeySigner(apiKey), RumResponses::classify);
      return new RumSourcemapClient(parsed, appId, runtime);
    }
  }
}
