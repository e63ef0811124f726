package io.unipart.rum;

import io.unipart.InvalidRequestException;
import io.unipart.UploadConflictException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.spi.BaseUrl;
import io.unipart.spi.ClientBuilder;
import io.unipart.spi.ClientRuntime;
import io.unipart.spi.Codecs;
import io.unipart.spi.DialectClient;
import io.unipart.spi.FieldChecks;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.RequestExecutor;
import io.unipart.spi.ServiceError;
import io.unipart.spi.Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Starts multipart uploads of RUM sourcemaps to Guance ({@code POST
 * /api/v1/rum_sourcemap/multipart_upload_init}, {@code DF-API-KEY}, JSON envelope).
 *
 * <pre>{@code
 * try (RumSourcemapClient rum = RumSourcemapClient.builder()
 *     .site(GuanceSite.CN1)                       // or .baseUrl("https://openapi.example.com")
 *     .apiKey(System.getenv("DF_API_KEY"))
 *     .appId("app_demo")
 *     .rateLimit(20, Duration.ofMinutes(1))       // Guance's limit per key
 *     .build()) {
 *   UploadSession session = rum.initiate(RumInitiateRequest.builder()
 *       .appId("app_demo").version("1.0.2").env("daily").build());
 * }
 * }</pre>
 *
 * <p>Guance keeps one sourcemap per app, version and env: without {@code needCover} (the neutral
 * {@code overwrite(true)}) a second one is refused with an {@link UploadConflictException} that
 * names them; a session never carries an empty upload id. Guance throttles with HTTP 401 and
 * {@code ft.TriggerApi*CurrentLimiting}: that is retried as throttling, while {@code
 * ft.InvalidAPIKey} is an {@link io.unipart.AuthenticationException}. The neutral {@code key} is
 * the sourcemap's version.
 */
public final class RumSourcemapClient extends DialectClient<RumInitiateRequest> {
  /** The dialect id in sessions. */
  public static final String DIALECT = "rum";
  static final String PATH = "/api/v1/rum_sourcemap/multipart_upload_init";

  private final BaseUrl baseUrl;
  private final String appId;

  private RumSourcemapClient(BaseUrl baseUrl, String appId, ClientRuntime runtime) {
    super(runtime);
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

  @Override
  protected RumInitiateRequest toTypedRequest(UploadRequest request) {
    if (appId == null) {
      throw new InvalidRequestException(
          "appId", "is required: set it on the client, or use a RumInitiateRequest");
    }
    return RumInitiateRequest.from(request, appId);
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
    RequestExecutor executor = executor();
    HttpRequest http =
        HttpRequest.builder("POST", baseUrl.resolve(null, PATH, null))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .body(json(request))
            .build();
    RumResponses.Initiated initiated;
    try {
      initiated =
          executor.execute(http, RumResponses::parseInitiate, request.deadline().orElse(null));
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
    request.partSize().ifPresent(session::partSize);
    request.contentLength().ifPresent(session::contentLength);
    return session.build();
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

  private static byte[] json(RumInitiateRequest request) {
    try {
      return Codecs.jsonWriter().writeValueAsBytes(Codecs.jsonNodes().objectNode()
          .put("needCover", request.needCover())
          .put("appId", request.appId())
          .put("version", request.version())
          .put("env", request.env()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

    /**
     * Uses one of Guance's public sites.
     *
     * @param site the site
     * @return this builder
     */
    public Builder site(GuanceSite site) {
      this.baseUrl = Objects.requireNonNull(site, "site").baseUrl();
      return this;
    }

    /**
     * Uses any deployment's open-API URL (private deployments).
     *
     * @param baseUrl e.g. {@code https://openapi.example.com}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the API key sent as {@code DF-API-KEY}. Default: the {@code DF_API_KEY} variable.
     *
     * @param apiKey the key
     * @return this builder
     */
    public Builder apiKey(String apiKey) {
      Objects.requireNonNull(apiKey, "apiKey");
      this.apiKey = () -> apiKey;
      return this;
    }

    /**
     * Asks for the API key before every attempt (rotating keys).
     *
     * @param apiKey supplies the key
     * @return this builder
     */
    public Builder apiKeySupplier(Supplier<String> apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /**
     * Binds the client to an app, used for neutral requests.
     *
     * @param appId the app id
     * @return this builder
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
      ClientRuntime runtime =
          buildRuntime(DIALECT, new ApiKeySigner(apiKey), RumResponses::classify);
      return new RumSourcemapClient(parsed, appId, runtime);
    }
  }
}
