package io.unipart.rum;

import io.unipart.internal.FieldChecks;
import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The body of Guance's {@code multipart_upload_init}: {@code needCover}, {@code appId}, {@code
 * version} and {@code env}. Guance keeps one sourcemap per app, version and env; {@code version}
 * and {@code env} may be empty strings but are never null on the wire. Immutable.
 *
 * <pre>{@code
 * RumInitiateRequest request = RumInitiateRequest.builder()
 *     .appId("app_demo").version("1.0.2").env("daily")
 *     .needCover(true)          // replace the sourcemap this app/version/env already has
 *     .build();
 * }</pre>
 */
public final class RumInitiateRequest {
  /** Guance's largest chunk: 10 MB. */
  static final long MAX_CHUNK_SIZE = 10_000_000L;

  private final String appId;
  private final String version;
  private final String env;
  private final boolean needCover;
  private final Long contentLength;
  private final Long partSize;
  private final Duration deadline;

  private RumInitiateRequest(Builder b) {
    this.appId = b.appId;
    this.version = b.version;
    this.env = b.env;
    this.needCover = b.needCover;
    this.contentLength = b.contentLength;
    this.partSize = b.partSize;
    this.deadline = b.deadline;
  }

  /**
   * Starts a request.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Maps the neutral request: {@code key} is the sourcemap's {@code version} (the env is empty;
   * use this class for another), {@code overwrite} is {@code needCover}, and the content length
   * with a part size or count plans the chunks (at most 10 MB each). A content type or metadata
   * cannot be honoured by Guance and is rejected.
   *
   * @param request the neutral request
   * @param appId the app the client is bound to
   * @return the RUM request
   */
  public static RumInitiateRequest from(UploadRequest request, String appId) {
    Objects.requireNonNull(request, "request");
    if (request.contentType().isPresent()) {
      throw new InvalidRequestException(
          "contentType", "cannot be set: Guance takes sourcemaps as zip archives only");
    }
    if (!request.metadata().isEmpty()) {
      throw new InvalidRequestException("metadata", "cannot be set: Guance keeps no metadata");
    }
    Builder b = builder().appId(appId).version(request.key())
        .needCover(request.overwrite().orElse(false)).deadline(request.deadline().orElse(null));
    request.contentLength().ifPresent(b::contentLength);
    request.partSize().ifPresent(b::partSize);
    if (request.partCount().isPresent()) {
      if (request.contentLength().isEmpty()) {
        throw new InvalidRequestException(
            "partCount", "needs contentLength, so that chunk sizes can be planned");
      }
      b.partSize(RumSourcemapClient.CAPABILITIES.partSizeFor(
          request.contentLength().getAsLong(), request.partCount().getAsInt()));
    }
    return b.build();
  }

  /**
   * The app id.
   *
   * @return the id, never empty
   */
  public String appId() {
    return appId;
  }

  /**
   * The version.
   *
   * @return the version, possibly empty
   */
  public String version() {
    return version;
  }

  /**
   * The environment.
   *
   * @return the env, possibly empty
   */
  public String env() {
    return env;
  }

  /**
   * Whether an existing sourcemap for this app, version and env is replaced.
   *
   * @return {@code needCover}
   */
  public boolean needCover() {
    return needCover;
  }

  /**
   * The planned archive size.
   *
   * @return the size, or empty
   */
  public OptionalLong contentLength() {
    return contentLength == null ? OptionalLong.empty() : OptionalLong.of(contentLength);
  }

  /**
   * The planned chunk size.
   *
   * @return the size, or empty
   */
  public OptionalLong partSize() {
    return partSize == null ? OptionalLong.empty() : OptionalLong.of(partSize);
  }

  /**
   * The bound for this call, retries included.
   *
   * @return the deadline, or empty for the client's
   */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RumInitiateRequest)) {
      return false;
    }
    RumInitiateRequest r = (RumInitiateRequest) o;
    return appId.equals(r.appId) && version.equals(r.version) && env.equals(r.env)
        && needCover == r.needCover && Objects.equals(contentLength, r.contentLength)
        && Objects.equals(partSize, r.partSize) && Objects.equals(deadline, r.deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(appId, version, env, needCover, contentLength, partSize, deadline);
  }

  @Override
  public String toString() {
    return "RumInitiateRequest{appId=" + appId + ", version=" + version + ", env=" + env
        + (needCover ? ", needCover" : "") + '}';
  }

  /** Builds a {@link RumInitiateRequest}. Not thread-safe. */
  public static final class Builder {
    private String appId;
    private String version = "";
    private String env = "";
    private boolean needCover;
    private Long contentLength;
    private Long partSize;
    private Duration deadline;

    private Builder() {}

    /**
     * Sets the app id; overrides the client's.
     *
     * @param appId a non-empty id
     * @return this builder
     */
    public Builder appId(String appId) {
      this.appId = appId;
      return this;
    }

    /**
     * Sets the version; default the empty string.
     *
     * @param version a version, possibly empty, never null
     * @return this builder
     */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /**
     * Sets the environment; default the empty string.
     *
     * @param env an env such as {@code daily}, possibly empty, never null
     * @return this builder
     */
    public Builder env(String env) {
      this.env = env;
      return this;
    }

    /**
     * Replaces the sourcemap this app, version and env already has.
     *
     * @param needCover whether to replace it
     * @return this builder
     */
    public Builder needCover(boolean needCover) {
      this.needCover = needCover;
      return this;
    }

    /**
     * Records the archive size in the session.
     *
     * @param contentLength at least 0
     * @return this builder
     */
    public Builder contentLength(long contentLength) {
      this.contentLength = contentLength;
      return this;
    }

    /**
     * Records the chunk size in the session.
     *
     * @param partSize 1..10,000,000 bytes
     * @return this builder
     */
    public Builder partSize(long partSize) {
      this.partSize = partSize;
      return this;
    }

    /**
     * Bounds this call, retries included.
     *
     * @param deadline a positive duration, or null for the client's
     * @return this builder
     */
    public Builder deadline(Duration deadline) {
      this.deadline = FieldChecks.positiveOrNull("deadline", deadline);
      return this;
    }

    /**
     * Checks the rules and builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public RumInitiateRequest build() {
      if (appId == null || appId.isBlank()) {
        throw new InvalidRequestException("appId", "is required and must not be empty");
      }
      if (version == null) {
        throw new InvalidRequestException("version", "must not be null (an empty string is fine)");
      }
      if (env == null) {
        throw new InvalidRequestException("env", "must not be null (an empty string is fine)");
      }
      FieldChecks.utf8("appId", appId);
      FieldChecks.utf8("version", version);
      FieldChecks.utf8("env", env);
      FieldChecks.noControlCharacters("appId", appId);
      FieldChecks.noControlCharacters("version", version);
      FieldChecks.noControlCharacters("env", env);
      if (contentLength != null && contentLength < 0) {
        throw new InvalidRequestException(
            "contentLength", "must be >= 0 (was " + contentLength + ")");
      }
      if (partSize != null && (partSize < 1 || partSize > MAX_CHUNK_SIZE)) {
        throw new InvalidRequestException(
            "partSize", "must be 1.." + MAX_CHUNK_SIZE + " bytes: Guance takes chunks of at most"
                + " 10 MB (was " + partSize + ")");
      }
      return new RumInitiateRequest(this);
    }
  }
}
