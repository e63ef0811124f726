package io.unipart.cognite;

import io.unipart.InvalidRequestException;
import io.unipart.RetryPolicy;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Set;

/**
 * Starts multipart uploads of Cognite Data Fusion files ({@code POST
 * /api/v1/projects/{project}/files/initmultipartupload?parts=N}, OAuth bearer token, JSON). The
 * session carries one presigned {@link io.unipart.PartTarget} per part, in order; part uploads
 * send no Cognite token.
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
public final class CogniteMultipartClient extends DialectClient<CogniteInitiateRequest> {
  /** The dialect id in sessions. */
  public static final String DIALECT = "cognite";

  /** The statuses Cognite documents as worth retrying (500 is not: the file may exist). */
  static final RetryPolicy DEFAULT_RETRY =
      RetryPolicy.builder().retryableStatuses(Set.of(429, 502, 503, 504)).build();

  private final BaseUrl baseUrl;
  private final String project;
  private final String cdfVersion;
  private final String appName;

  private CogniteMultipartClient(Builder b, BaseUrl baseUrl, ClientRuntime runtime) {
    super(runtime);
    this.baseUrl = baseUrl;
    this.project = b.project;
    this.cdfVersion = b.cdfVersion;
    this.appName = b.appName;
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
  protected CogniteInitiateRequest toTypedRequest(UploadRequest request) {
    return CogniteInitiateRequest.from(request);
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
    RequestExecutor executor = executor();
    String query = "parts=" + request.parts() + (request.overwrite() ? "&overwrite=true" : "");
    HttpRequest.Builder http =
        HttpRequest.builder(
                "POST",
                baseUrl.resolve(
                    null,
                    "/api/v1/projects/" + PercentEncoding.encode(project)
                        + "/files/initmultipartupload",
                    query))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("x-cdp-sdk", "unipart-java")
            .body(json(request));
    if (cdfVersion != null) {
      http.header("cdf-version", cdfVersion);
    }
    if (appName != null) {
      http.header("x-cdp-app", appName);
    }
    CogniteResponses.Initiated initiated =
        executor.execute(
            http.build(),
            response -> CogniteResponses.parseInitiate(response, request.parts()),
            request.deadline().orElse(null));
    UploadSession.Builder session =
        UploadSession.builder()
            .dialect(DIALECT)
            .uploadId(initiated.uploadId)
            .destination(project)
            .key(request.name())
            .requestId(initiated.requestId)
            .initiatedAt(executor.now())
            .handle("fileId", String.valueOf(initiated.id));
    if (initiated.externalId != null) {
      session.handle("externalId", initiated.externalId);
    }
    initiated.parts.forEach(session::addPart);
    request.partSize().ifPresent(session::partSize);
    request.contentLength().ifPresent(session::contentLength);
    return session.build();
  }

  @Override
  public String toString() {
    return "CogniteMultipartClient{baseUrl=" + baseUrl + ", project=" + project + '}';
  }

  private static byte[] json(CogniteInitiateRequest request) {
    try {
      return Codecs.jsonWriter().writeValueAsBytes(request.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds a {@link CogniteMultipartClient}. Not thread-safe. */
  public static final class Builder extends ClientBuilder<Builder> {
    private String baseUrl;
    private String project;
    private String cdfVersion;
    private String appName;
    private TokenSource tokens;

    private Builder() {
      retryPolicy(DEFAULT_RETRY);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the cluster's base URL. Required.
     *
     * @param baseUrl e.g. {@code https://westeurope-1.cognitedata.com}
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the CDF project. Required.
     *
     * @param project the project name
     * @return this builder
     */
    public Builder project(String project) {
      this.project = project;
      return this;
    }

    /**
     * Pins the API version ({@code cdf-version} header); without it Cognite uses 20230101.
     *
     * @param cdfVersion a date, {@code YYYYMMDD}, or null
     * @return this builder
     */
    public Builder cdfVersion(String cdfVersion) {
      this.cdfVersion = cdfVersion;
      return this;
    }

    /**
     * Names the application in the {@code x-cdp-app} header.
     *
     * @param appName the name, or null
     * @return this builder
     */
    public Builder appName(String appName) {
      this.appName = appName;
      return this;
    }

    /**
     * Uses one fixed access token.
     *
     * @param token the token
     * @return this builder
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
     * @return this builder
     */
    public Builder tokenSource(TokenSource tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
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
        io.unipart.spi.FieldChecks.headerValue("appName", appName);
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
