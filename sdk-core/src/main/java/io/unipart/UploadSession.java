package io.unipart;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A started multipart upload: what every dialect returns from {@code initiate}. Immutable, and it
 * round-trips through JSON so another process can carry the upload on:
 *
 * <pre>{@code
 * UploadSession session = client.initiate(request);
 * Files.writeString(checkpoint, session.toJson());
 * // ... later, anywhere
 * UploadSession again = UploadSession.fromJson(Files.readString(checkpoint));
 * }</pre>
 *
 * <p>Treat the JSON like a credential when {@link #parts()} is not empty: presigned part URLs grant
 * upload access until they expire. {@link #toString()} leaves their signatures out.
 */
public final class UploadSession {
  private final String dialect;
  private final String uploadId;
  private final String destination;
  private final String key;
  private final List<PartTarget> parts;
  private final String requestId;
  private final Map<String, String> handles;
  private final Instant initiatedAt;
  private final Long partSize;
  private final Long contentLength;

  private UploadSession(Builder b) {
    this.dialect = b.dialect;
    this.uploadId = b.uploadId;
    this.destination = b.destination;
    this.key = b.key;
    this.parts = Collections.unmodifiableList(new ArrayList<>(b.parts));
    this.requestId = b.requestId;
    this.handles = Collections.unmodifiableMap(new LinkedHashMap<>(b.handles));
    this.initiatedAt = b.initiatedAt;
    this.partSize = b.partSize;
    this.contentLength = b.contentLength;
  }

  /**
   * Starts a session (for dialect implementations and tests).
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A copy that can be changed.
   *
   * @return a builder holding this session's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.dialect = dialect;
    b.uploadId = uploadId;
    b.destination = destination;
    b.key = key;
    b.parts.addAll(parts);
    b.requestId = requestId;
    b.handles.putAll(handles);
    b.initiatedAt = initiatedAt;
    b.partSize = partSize;
    b.contentLength = contentLength;
    return b;
  }

  /**
   * Reads a session written by {@link #toJson()}.
   *
   * @param json the JSON text
   * @return the session
   * @throws InvalidRequestException when the text is not a session
   */
  public static UploadSession fromJson(String json) {
    return SessionJson.read(json);
  }

  /**
   * Writes this session as JSON (a stable, versioned format).
   *
   * @return the JSON text
   */
  public String toJson() {
    return SessionJson.write(this);
  }

  /**
   * Which dialect started the upload: {@code s3}, {@code cos}, {@code cognite}, {@code rum} or
   * {@code presigned}.
   *
   * @return the dialect id
   */
  public String dialect() {
    return dialect;
  }

  /**
   * The provider's upload id.
   *
   * @return the id, never empty
   */
  public String uploadId() {
    return uploadId;
  }

  /**
   * Where the upload goes: the bucket, project or app.
   *
   * @return the destination
   */
  public String destination() {
    return destination;
  }

  /**
   * The object key or file name, exactly as requested.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * Part URLs the provider already issued, in part order; empty where parts are signed per
   * request (S3, COS).
   *
   * @return an unmodifiable list
   */
  public List<PartTarget> parts() {
    return parts;
  }

  /**
   * The provider's request id for the initiate call.
   *
   * @return the id, or empty when the provider sent none
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /**
   * Dialect handles later calls need (Cognite file id, presigned request key, RUM version/env).
   *
   * @return an unmodifiable map
   */
  public Map<String, String> handles() {
    return handles;
  }

  /**
   * When the client started the upload (by its clock).
   *
   * @return the instant
   */
  public Instant initiatedAt() {
    return initiatedAt;
  }

  /**
   * The part size the upload was planned with.
   *
   * @return the size, or empty when none was planned
   */
  public OptionalLong partSize() {
    return partSize == null ? OptionalLong.empty() : OptionalLong.of(partSize);
  }

  /**
   * The total size the upload was planned with.
   *
   * @return the size, or empty when unknown
   */
  public OptionalLong contentLength() {
    return contentLength == null ? OptionalLong.empty() : OptionalLong.of(contentLength);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UploadSession)) {
      return false;
    }
    UploadSession s = (UploadSession) o;
    return dialect.equals(s.dialect)
        && uploadId.equals(s.uploadId)
        && destination.equals(s.destination)
        && key.equals(s.key)
        && parts.equals(s.parts)
        && Objects.equals(requestId, s.requestId)
        && handles.equals(s.handles)
        && initiatedAt.equals(s.initiatedAt)
        && Objects.equals(partSize, s.partSize)
        && Objects.equals(contentLength, s.contentLength);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        dialect,
        uploadId,
        destination,
        key,
        parts,
        requestId,
        handles,
        initiatedAt,
        partSize,
        contentLength);
  }

  @Override
  public String toString() {
    return "UploadSession{dialect="
        + dialect
        + ", destination="
        + destination
        + ", key="
        + key
        + ", uploadId="
        + uploadId
        + (parts.isEmpty() ? "" : ", parts=" + parts)
        + (requestId == null ? "" : ", requestId=" + requestId)
        + (handles.isEmpty() ? "" : ", handles=" + handles)
        + ", initiatedAt="
        + initiatedAt
        + (partSize == null ? "" : ", partSize=" + partSize)
        + (contentLength == null ? "" : ", contentLength=" + contentLength)
        + '}';
  }

  /** Builds an {@link UploadSession}. Not thread-safe. */
  public static final class Builder {
    private String dialect;
    private String uploadId;
    private String destination;
    private String key;
    private final List<PartTarget> parts = new ArrayList<>();
    private String requestId;
    private final Map<String, String> handles = new LinkedHashMap<>();
    private Instant initiatedAt;
    private Long partSize;
    private Long contentLength;

    private Builder() {}

    /**
     * Sets the dialect id. Required.
     *
     * @param dialect e.g. {@code s3}
     */
    public Builder dialect(String dialect) {
      this.dialect = dialect;
      return this;
    }

    /**
     * Sets the upload id. Required.
     *
     * @param uploadId the provider's id
     */
    public Builder uploadId(String uploadId) {
      this.uploadId = uploadId;
      return this;
    }

    /**
     * Sets the destination. Required.
     *
     * @param destination bucket, project or app
     */
    public Builder destination(String destination) {
      this.destination = destination;
      return this;
    }

    /**
     * Sets the key. Required.
     *
     * @param key object key or file name
     */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /**
     * Adds a part target.
     *
     * @param part the target
     */
    public Builder addPart(PartTarget part) {
      parts.add(Objects.requireNonNull(part, "part"));
      return this;
    }

    /**
     * Replaces every part target (for fresh URLs after the old ones expired).
     *
     * @param parts the targets
     */
    public Builder parts(List<PartTarget> parts) {
      this.parts.clear();
      parts.forEach(this::addPart);
      return this;
    }

    /**
     * Sets the request id.
     *
     * @param requestId the id, or null
     */
    public Builder requestId(String requestId) {
      this.requestId = requestId == null || requestId.isEmpty() ? null : requestId;
      return this;
    }

    /**
     * Adds a dialect handle.
     *
     * @param name the handle name
     * @param value the value
     */
    public Builder handle(String name, String value) {
      handles.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets when the upload started. Required.
     *
     * @param initiatedAt the instant
     */
    public Builder initiatedAt(Instant initiatedAt) {
      this.initiatedAt = initiatedAt;
      return this;
    }

    /**
     * Sets the planned part size.
     *
     * @param partSize the size, or null
     */
    public Builder partSize(Long partSize) {
      this.partSize = partSize;
      return this;
    }

    /**
     * Sets the planned total size.
     *
     * @param contentLength the size, or null
     */
    public Builder contentLength(Long contentLength) {
      this.contentLength = contentLength;
      return this;
    }

    /**
     * Builds the session.
     *
     * @return the session
     * @throws InvalidRequestException when a required field is missing
     */
    public UploadSession build() {
      require("dialect", dialect);
      require("uploadId", uploadId);
      require("destination", destination);
      require("key", key);
      if (initiatedAt == null) {
        throw new InvalidRequestException("initiatedAt", "must not be null");
      }
      return new UploadSession(this);
    }

    private static void require(String field, String value) {
      if (value == null || value.isEmpty()) {
        throw new InvalidRequestException(field, "must not be empty");
      }
    }
  }
}
