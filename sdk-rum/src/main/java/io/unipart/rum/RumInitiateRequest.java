package io.unipart.rum;

import io.unipart.DialectRequest;
import io.unipart.DialectRequestBuilder;
import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import io.unipart.internal.FieldChecks;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Guance's {@code multipart_upload_init}: the neutral {@link UploadRequest} (its key is the
 * sourcemap's {@code version}, its {@code overwrite} is {@code needCover}, its length and part
 * size or count plan the chunks) plus what only Guance has: the {@code appId} and {@code env}.
 * Guance keeps one sourcemap per app, version and env; {@code env} may be empty, and so may the
 * version ({@link Builder#version(String)}), but neither is ever null on the wire. A content type
 * or metadata cannot be honoured (Guance takes zip archives and keeps no metadata) and is
 * refused. Immutable.
 *
 * <pre>{@code
 * RumInitiateRequest request = RumInitiateRequest.builder(UploadRequest.builder()
 *         .key("1.0.2")          // the version
 *         .overwrite(true)       // needCover: replace the sourcemap this app/version/env has
 *         .build())
 *     .appId("app_demo").env("daily")
 *     .build();
 * }</pre>
 */
public final class RumInitiateRequest extends DialectRequest {
  /** Guance's largest chunk: 10 MB. */
  static final long MAX_CHUNK_SIZE = 10_000_000L;

  private final String appId;
  private final String version;
  private final String env;
  private final OptionalLong plannedPartSize;

  private RumInitiateRequest(Builder b, OptionalLong plannedPartSize) {
    super(b.upload());
    this.appId = b.appId;
    this.version = b.version != null ? b.version : b.upload().key();
    this.env = b.env;
    this.plannedPartSize = plannedPartSize;
  }

  /**
   * Starts a request from the neutral one, adding Guance's fields.
   *
   * @param upload the version (key), needCover (overwrite), length, chunk plan and deadline
   * @return a builder
   */
  public static Builder builder(UploadRequest upload) {
    return new Builder(upload);
  }

  /**
   * The app.
   *
   * @return the app id
   */
  public String appId() {
    return appId;
  }

  /**
   * The sourcemap's version: the key, unless {@link Builder#version(String)} set another.
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

  /** Whether to replace the sourcemap this app, version and env already has. */
  boolean needCover() {
    return upload().overwrite().orElse(false);
  }

  /** The chunk size the neutral request plans. */
  OptionalLong plannedPartSize() {
    return plannedPartSize;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RumInitiateRequest)) {
      return false;
    }
    RumInitiateRequest r = (RumInitiateRequest) o;
    return upload().equals(r.upload()) && appId.equals(r.appId) && version.equals(r.version)
        && env.equals(r.env);
  }

  @Override
  public int hashCode() {
    return Objects.hash(upload(), appId, version, env);
  }

  @Override
  public String toString() {
    return "RumInitiateRequest{appId=" + appId + ", version=" + version + ", env=" + env
        + (needCover() ? ", needCover" : "") + '}';
  }

  /** Builds a {@link RumInitiateRequest}. Not thread-safe. */
  public static final class Builder extends DialectRequestBuilder<Builder> {
    private String appId;
    private String version;
    private String env = "";

    private Builder(UploadRequest upload) {
      super(upload);
    }

    /**
     * The app; required here, or on the client for the neutral {@code initiate}.
     *
     * @param appId a non-empty id
     */
    public Builder appId(String appId) {
      this.appId = appId;
      return this;
    }

    /**
     * A version other than the key, such as the empty version Guance allows (a key cannot be
     * empty).
     *
     * @param version a version, possibly empty, never null
     */
    public Builder version(String version) {
      if (version == null) {
        throw new InvalidRequestException("version", "must not be null (an empty string is fine)");
      }
      this.version = version;
      return this;
    }

    /**
     * The environment; default the empty string.
     *
     * @param env an env such as {@code daily}, possibly empty, never null
     */
    public Builder env(String env) {
      this.env = env;
      return this;
    }

    /**
     * Checks the rules and builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public RumInitiateRequest build() {
      UploadRequest upload = upload();
      if (appId == null || appId.isBlank()) {
        throw new InvalidRequestException("appId", "is required and must not be empty");
      }
      if (env == null) {
        throw new InvalidRequestException("env", "must not be null (an empty string is fine)");
      }
      if (upload.contentType().isPresent()) {
        throw new InvalidRequestException(
            "contentType", "cannot be set: Guance takes sourcemaps as zip archives only");
      }
      if (!upload.metadata().isEmpty()) {
        throw new InvalidRequestException("metadata", "cannot be set: Guance keeps no metadata");
      }
      String v = version != null ? version : upload.key();
      FieldChecks.utf8("appId", appId);
      FieldChecks.utf8(version != null ? "version" : "key", v);
      FieldChecks.utf8("env", env);
      FieldChecks.noControlCharacters("appId", appId);
      FieldChecks.noControlCharacters(version != null ? "version" : "key", v);
      FieldChecks.noControlCharacters("env", env);
      long chunk = upload.partSize().orElse(1);
      if (chunk > MAX_CHUNK_SIZE) {
        throw new InvalidRequestException("partSize", "must be 1.." + MAX_CHUNK_SIZE + " bytes:"
            + " Guance takes chunks of at most 10 MB (was " + chunk + ")");
      }
      return new RumInitiateRequest(this, RumSourcemapClient.CAPABILITIES.plannedPartSize(upload));
    }
  }
}
