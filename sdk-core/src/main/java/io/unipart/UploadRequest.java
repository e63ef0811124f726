package io.unipart;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The dialect-neutral request to start an upload. Immutable; {@link Builder#build()} checks what
 * holds for every dialect, and each dialect checks its own limits before any network call.
 *
 * <pre>{@code
 * UploadRequest request = UploadRequest.builder()
 *     .key("videos/intro.mp4")          // object key, or file name where the provider has files
 *     .contentType("video/mp4")
 *     .contentLength(734_003_200L)
 *     .metadata("owner", "media-team")
 *     .build();
 * }</pre>
 *
 * <p>Each dialect's Javadoc states how these fields reach its wire format; a field a dialect cannot
 * honour is rejected with an {@link InvalidRequestException}, never silently dropped.
 */
public final class UploadRequest {
  private final String key;
  private final String contentType;
  private final Long contentLength;
  private final Long expectedLength;
  private final Long partSize;
  private final Integer partCount;
  private final Map<String, String> metadata;
  private final Boolean overwrite;
  private final Duration deadline;

  private UploadRequest(Builder b) {
    this.key = b.key;
    this.contentType = b.contentType;
    this.contentLength = b.contentLength;
    this.expectedLength = b.expectedLength;
    this.partSize = b.partSize;
    this.partCount = b.partCount;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.overwrite = b.overwrite;
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
   * A copy that can be changed.
   *
   * @return a builder holding this request's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.key = key;
    b.contentType = contentType;
    b.contentLength = contentLength;
    b.expectedLength = expectedLength;
    b.partSize = partSize;
    b.partCount = partCount;
    b.metadata.putAll(metadata);
    b.overwrite = overwrite;
    b.deadline = deadline;
    return b;
  }

  /**
   * The object key, or the file name for providers that name files.
   *
   * @return the key, never empty
   */
  public String key() {
    return key;
  }

  /**
   * The MIME type of the whole object.
   *
   * @return the content type, or empty for the provider's default
   */
  public Optional<String> contentType() {
    return Optional.ofNullable(contentType);
  }

  /**
   * The total size of the object in bytes, when known.
   *
   * @return the length, or empty
   */
  public OptionalLong contentLength() {
    return contentLength == null ? OptionalLong.empty() : OptionalLong.of(contentLength);
  }

  /**
   * About how long a stream of unknown length will be, when the caller knows roughly: a hint
   * that plans the part size as for that length; the stream may end sooner or go on longer.
   *
   * @return the expected length, or empty
   */
  public OptionalLong expectedLength() {
    return expectedLength == null ? OptionalLong.empty() : OptionalLong.of(expectedLength);
  }

  /**
   * The size of each part but the last, when the caller chose one.
   *
   * @return the part size, or empty
   */
  public OptionalLong partSize() {
    return partSize == null ? OptionalLong.empty() : OptionalLong.of(partSize);
  }

  /**
   * The number of parts, when the caller chose it.
   *
   * @return the part count, or empty
   */
  public OptionalInt partCount() {
    return partCount == null ? OptionalInt.empty() : OptionalInt.of(partCount);
  }

  /**
   * User metadata, in the order it was added.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Whether an existing object may be replaced.
   *
   * @return true or false when the caller said so, empty for the provider's default
   */
  public Optional<Boolean> overwrite() {
    return Optional.ofNullable(overwrite);
  }

  /**
   * The bound for this call, retries included; overrides the client's.
   *
   * @return the deadline, or empty to use the client's
   */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UploadRequest)) {
      return false;
    }
    UploadRequest r = (UploadRequest) o;
    return key.equals(r.key)
        && Objects.equals(contentType, r.contentType)
        && Objects.equals(contentLength, r.contentLength)
        && Objects.equals(expectedLength, r.expectedLength)
        && Objects.equals(partSize, r.partSize)
        && Objects.equals(partCount, r.partCount)
        && metadata.equals(r.metadata)
        && Objects.equals(overwrite, r.overwrite)
        && Objects.equals(deadline, r.deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        key, contentType, contentLength, expectedLength, partSize, partCount, metadata,
        overwrite, deadline);
  }

  @Override
  public String toString() {
    return "UploadRequest{key="
        + key
        + (contentType == null ? "" : ", contentType=" + contentType)
        + (contentLength == null ? "" : ", contentLength=" + contentLength)
        + (expectedLength == null ? "" : ", expectedLength=" + expectedLength)
        + (partSize == null ? "" : ", partSize=" + partSize)
        + (partCount == null ? "" : ", partCount=" + partCount)
        + (metadata.isEmpty() ? "" : ", metadata=" + metadata.keySet())
        + (overwrite == null ? "" : ", overwrite=" + overwrite)
        + (deadline == null ? "" : ", deadline=" + deadline)
        + '}';
  }

  /** Builds an {@link UploadRequest}. Not thread-safe. */
  public static final class Builder {
    private String key;
    private String contentType;
    private Long contentLength;
    private Long expectedLength;
    private Long partSize;
    private Integer partCount;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private Boolean overwrite;
    private Duration deadline;

    private Builder() {}

    /**
     * Sets the object key or file name. Required.
     *
     * @param key a non-empty string
     */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /**
     * Sets the MIME type of the object.
     *
     * @param contentType e.g. {@code video/mp4}, or null for the provider's default
     */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    /**
     * Sets the total size in bytes.
     *
     * @param contentLength at least 0, or null when unknown
     */
    public Builder contentLength(Long contentLength) {
      this.contentLength = contentLength;
      return this;
    }

    /**
     * Says about how long a stream of unknown length will be (as {@code aws s3 cp
     * --expected-size} does), so its parts are sized for that length from the first one instead
     * of starting small and growing; exclusive with {@link #contentLength(Long)}, which is exact.
     * Only a hint: the stream may end sooner, or go on longer, its parts then growing as they
     * would have (where the dialect allows parts of different sizes).
     *
     * @param expectedLength at least 0, or null when not known
     */
    public Builder expectedLength(Long expectedLength) {
      this.expectedLength = expectedLength;
      return this;
    }

    /**
     * Sets the size of each part but the last; exclusive with {@link #partCount(Integer)}.
     *
     * @param partSize at least 1, or null to let the dialect choose
     */
    public Builder partSize(Long partSize) {
      this.partSize = partSize;
      return this;
    }

    /**
     * Sets the size of each part but the last; exclusive with {@link #partCount(Integer)}. Takes
     * plain arithmetic: {@code partSize(8 * 1024 * 1024)}.
     *
     * @param partSize at least 1
     */
    public Builder partSize(long partSize) {
      this.partSize = partSize;
      return this;
    }

    /**
     * Sets the number of parts; exclusive with {@link #partSize(Long)}.
     *
     * @param partCount at least 1, or null to let the dialect choose
     */
    public Builder partCount(Integer partCount) {
      this.partCount = partCount;
      return this;
    }

    /**
     * Adds one user metadata entry; a later value for the same name replaces the earlier one.
     *
     * @param name the name, without any provider prefix such as {@code x-amz-meta-}
     * @param value the value
     */
    public Builder metadata(String name, String value) {
      if (name == null) {
        throw new InvalidRequestException("metadata", "names must not be null");
      }
      metadata.put(name, value);
      return this;
    }

    /**
     * Replaces all user metadata.
     *
     * @param metadata the entries, copied in iteration order
     */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata.clear();
      if (metadata != null) {
        metadata.forEach(this::metadata);
      }
      return this;
    }

    /**
     * Says whether an existing object may be replaced.
     *
     * @param overwrite true or false, or null for the provider's default
     */
    public Builder overwrite(Boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /**
     * Bounds this call, retries included.
     *
     * @param deadline a positive duration, or null to use the client's
     */
    public Builder deadline(Duration deadline) {
      this.deadline = deadline == null ? null : Timeouts.Builder.positive("deadline", deadline);
      return this;
    }

    /**
     * Checks the rules every dialect shares and builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public UploadRequest build() {
      if (key == null || key.isEmpty()) {
        throw new InvalidRequestException("key", "must not be empty");
      }
      if (contentType != null && contentType.isBlank()) {
        throw new InvalidRequestException("contentType", "must not be blank when set");
      }
      if (contentLength != null && contentLength < 0) {
        throw new InvalidRequestException(
            "contentLength", "must be >= 0 (was " + contentLength + ")");
      }
      if (expectedLength != null && expectedLength < 0) {
        throw new InvalidRequestException(
            "expectedLength", "must be >= 0 (was " + expectedLength + ")");
      }
      if (expectedLength != null && contentLength != null) {
        throw new InvalidRequestException("expectedLength", "set either contentLength (exact)"
            + " or expectedLength (a hint), not both");
      }
      if (partSize != null && partSize < 1) {
        throw new InvalidRequestException("partSize", "must be >= 1 (was " + partSize + ")");
      }
      if (partCount != null && partCount < 1) {
        throw new InvalidRequestException("partCount", "must be >= 1 (was " + partCount + ")");
      }
      if (partSize != null && partCount != null) {
        throw new InvalidRequestException(
            "partCount", "set either partSize or partCount, not both");
      }
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey().isEmpty()) {
          throw new InvalidRequestException("metadata", "names must not be empty");
        }
        if (e.getValue() == null) {
          throw new InvalidRequestException(
              "metadata[" + e.getKey() + "]", "value must not be null");
        }
      }
      return new UploadRequest(this);
    }
  }
}
