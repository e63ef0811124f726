package io.unipart.s3;

import io.unipart.internal.FieldChecks;
import io.unipart.internal.PercentEncoding;
import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import io.unipart.internal.HttpDates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything an S3 {@code CreateMultipartUpload} ({@code POST /key?uploads}) can carry: the
 * headers JDCloud OSS documents (Cache-Control, Content-Disposition, Content-Encoding, Content-MD5,
 * Content-Type, Expect, Expires, x-amz-storage-class) and what S3 users set on create (user
 * metadata, server-side encryption, canned ACL, tagging). Immutable; {@link Builder#build()}
 * checks every rule before any network call.
 *
 * <pre>{@code
 * S3InitiateRequest request = S3InitiateRequest.builder()
 *     .key("videos/intro.mp4")
 *     .contentType("video/mp4")
 *     .storageClass("STANDARD_IA")
 *     .metadata("owner", "media-team")
 *     .serverSideEncryption(ServerSideEncryption.kms("alias/media"))
 *     .tag("project", "launch")
 *     .build();
 * }</pre>
 *
 * <p>Rules: the key is 1..1024 UTF-8 bytes without control characters; metadata names are HTTP
 * tokens and all metadata together is at most 2 KB (UTF-8 bytes of names and values); header
 * values carry no CR or LF and are US-ASCII (metadata values that are not are sent RFC 2047
 * encoded, as S3 documents); Content-MD5 is base64 of 16 bytes; at most 10 tags (keys 1..128,
 * values 0..256 characters); a planned part size is 5 MiB..5 GiB and at most 10,000 parts.
 */
public final class S3InitiateRequest {
  static final long MIN_PART_SIZE = 5L << 20;
  static final long MAX_PART_SIZE = 5L << 30;
  static final int MAX_PARTS = 10_000;
  static final int MAX_KEY_BYTES = 1024;
  static final int MAX_METADATA_BYTES = 2048;
  static final int MAX_TAGS = 10;
  static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

  private final String key;
  private final String bucket;
  private final String contentType;
  private final String cacheControl;
  private final String contentDisposition;
  private final String contentEncoding;
  private final String contentMd5;
  private final String expires;
  private final String storageClass;
  private final Map<String, String> metadata;
  private final ServerSideEncryption sse;
  private final CannedAcl acl;
  private final Map<String, String> tags;
  private final boolean expectContinue;
  private final boolean forbidOverwrite;
  private final Long contentLength;
  private final Long partSize;
  private final Duration deadline;

  private S3InitiateRequest(Builder b) {
    this.key = b.key;
    this.bucket = b.bucket;
    this.contentType = b.contentType;
    this.cacheControl = b.cacheControl;
    this.contentDisposition = b.contentDisposition;
    this.contentEncoding = b.contentEncoding;
    this.contentMd5 = b.contentMd5;
    this.expires = b.expires;
    this.storageClass = b.storageClass;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.sse = b.sse;
    this.acl = b.acl;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    this.expectContinue = b.expectContinue;
    this.forbidOverwrite = b.forbidOverwrite;
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
   * Maps the neutral request: key, content type, metadata, content length, part size (or a part
   * count, turned into a size with the content length) and deadline carry over. {@code
   * overwrite(false)} becomes {@link Builder#forbidOverwrite(boolean)}: the complete call is made
   * conditional ({@code If-None-Match: *}); {@code overwrite(true)} is S3's behaviour anyway.
   *
   * @param request the neutral request
   * @return the S3 request
   * @throws InvalidRequestException when a field breaks an S3 rule or cannot be honoured
   */
  public static S3InitiateRequest from(UploadRequest request) {
    Objects.requireNonNull(request, "request");
    Builder b =
        builder()
            .forbidOverwrite(request.overwrite().map(o -> !o).orElse(false))
            .key(request.key())
            .contentType(request.contentType().orElse(null))
            .metadata(request.metadata())
            .deadline(request.deadline().orElse(null));
    request.contentLength().ifPresent(b::contentLength);
    request.partSize().ifPresent(b::partSize);
    if (request.partCount().isPresent()) {
      if (request.contentLength().isEmpty()) {
        throw new InvalidRequestException(
            "partCount", "needs contentLength, so that S3 part sizes can be planned");
      }
      b.partSize(S3MultipartClient.CAPABILITIES.partSizeFor(request.contentLength().getAsLong(),
          request.partCount().getAsInt()));
    }
    return b.build();
  }

  /**
   * A copy that can be changed.
   *
   * @return a builder holding this request's values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.key = key;
    b.bucket = bucket;
    b.contentType = contentType;
    b.cacheControl = cacheControl;
    b.contentDisposition = contentDisposition;
    b.contentEncoding = contentEncoding;
    b.contentMd5 = contentMd5;
    b.expires = expires;
    b.storageClass = storageClass;
    b.metadata.putAll(metadata);
    b.sse = sse;
    b.acl = acl;
    b.tags.putAll(tags);
    b.expectContinue = expectContinue;
    b.forbidOverwrite = forbidOverwrite;
    b.contentLength = contentLength;
    b.partSize = partSize;
    b.deadline = deadline;
    return b;
  }

  /**
   * The object key.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * A bucket overriding the client's for this call.
   *
   * @return the bucket, or empty for the client's
   */
  public Optional<String> bucket() {
    return Optional.ofNullable(bucket);
  }

  /**
   * The object's content type; {@code binary/octet-stream} when unset.
   *
   * @return the content type
   */
  public String contentType() {
    return contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
  }

  /**
   * User metadata, names without the {@code x-amz-meta-} prefix.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * The storage class.
   *
   * @return e.g. {@code STANDARD_IA}, or empty for the bucket's default
   */
  public Optional<String> storageClass() {
    return Optional.ofNullable(storageClass);
  }

  /**
   * The planned total size.
   *
   * @return the size, or empty
   */
  public OptionalLong contentLength() {
    return contentLength == null ? OptionalLong.empty() : OptionalLong.of(contentLength);
  }

  /**
   * The planned part size.
   *
   * @return the size, or empty
   */
  public OptionalLong partSize() {
    return partSize == null ? OptionalLong.empty() : OptionalLong.of(partSize);
  }

  /**
   * Whether the upload must not replace an existing object: its complete call carries {@code
   * If-None-Match: *}.
   *
   * @return true to refuse an overwrite
   */
  public boolean forbidOverwrite() {
    return forbidOverwrite;
  }

  /**
   * The bound for this call, retries included.
   *
   * @return the deadline, or empty for the client's
   */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The request headers, in a stable order; names as they go on the wire. */
  Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType());
    putIfSet(h, "Cache-Control", cacheControl);
    putIfSet(h, "Content-Disposition", contentDisposition);
    putIfSet(h, "Content-Encoding", contentEncoding);
    putIfSet(h, "Content-MD5", contentMd5);
    putIfSet(h, "Expires", expires);
    putIfSet(h, "x-amz-storage-class", storageClass);
    if (acl != null) {
      h.put("x-amz-acl", acl.wireValue());
    }
    if (!tags.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      tags.forEach(
          (k, v) -> {
            if (sb.length() > 0) {
              sb.append('&');
            }
            sb.append(PercentEncoding.encode(k)).append('=').append(PercentEncoding.encode(v));
          });
      h.put("x-amz-tagging", sb.toString());
    }
    if (sse != null) {
      h.putAll(sse.headers());
    }
    metadata.forEach((name, value) -> h.put("x-amz-meta-" + name, headerSafe(value)));
    if (expectContinue) {
      h.put("Expect", "100-continue");
    }
    return h;
  }

  private static void putIfSet(Map<String, String> h, String name, String value) {
    if (value != null) {
      h.put(name, value);
    }
  }

  /** US-ASCII values go as they are; others RFC 2047-encoded, which S3 decodes on store. */
  private static String headerSafe(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > 0x7e) {
        return "=?UTF-8?B?"
            + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
            + "?=";
      }
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof S3InitiateRequest)) {
      return false;
    }
    S3InitiateRequest r = (S3InitiateRequest) o;
    return key.equals(r.key)
        && Objects.equals(bucket, r.bucket)
        && headers().equals(r.headers())
        && Objects.equals(contentLength, r.contentLength)
        && Objects.equals(partSize, r.partSize)
        && Objects.equals(deadline, r.deadline)
        && forbidOverwrite == r.forbidOverwrite;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, bucket, headers(), contentLength, partSize, deadline);
  }

  @Override
  public String toString() {
    return "S3InitiateRequest{key="
        + key
        + (bucket == null ? "" : ", bucket=" + bucket)
        + ", contentType="
        + contentType()
        + (storageClass == null ? "" : ", storageClass=" + storageClass)
        + (metadata.isEmpty() ? "" : ", metadata=" + metadata.keySet())
        + (sse == null ? "" : ", sse=" + sse)
        + (acl == null ? "" : ", acl=" + acl)
        + (tags.isEmpty() ? "" : ", tags=" + tags.keySet())
        + '}';
  }

  /** Builds an {@link S3InitiateRequest}. Not thread-safe. */
  public static final class Builder {
    private String key;
    private String bucket;
    private String contentType;
    private String cacheControl;
    private String contentDisposition;
    private String contentEncoding;
    private String contentMd5;
    private String expires;
    private String storageClass;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private ServerSideEncryption sse;
    private CannedAcl acl;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private boolean expectContinue;
    private boolean forbidOverwrite;
    private Long contentLength;
    private Long partSize;
    private Duration deadline;

    private Builder() {}

    /**
     * Sets the object key. Required.
     *
     * @param key 1..1024 UTF-8 bytes, no control characters
     * @return this builder
     */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /**
     * Overrides the client's bucket for this call.
     *
     * @param bucket the bucket, or null for the client's
     * @return this builder
     */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /**
     * Sets {@code Content-Type}; default {@code binary/octet-stream}.
     *
     * @param contentType a MIME type
     * @return this builder
     */
    public Builder contentType(String contentType) {
      this.contentType = contentType;
      return this;
    }

    /**
     * Sets {@code Cache-Control}.
     *
     * @param cacheControl e.g. {@code max-age=3600}
     * @return this builder
     */
    public Builder cacheControl(String cacheControl) {
      this.cacheControl = cacheControl;
      return this;
    }

    /**
     * Sets {@code Content-Disposition}.
     *
     * @param contentDisposition e.g. {@code attachment; filename="a.mp4"}
     * @return this builder
     */
    public Builder contentDisposition(String contentDisposition) {
      this.contentDisposition = contentDisposition;
      return this;
    }

    /**
     * Sets {@code Content-Encoding}.
     *
     * @param contentEncoding e.g. {@code gzip}
     * @return this builder
     */
    public Builder contentEncoding(String contentEncoding) {
      this.contentEncoding = contentEncoding;
      return this;
    }

    /**
     * Sets {@code Content-MD5}, as JDCloud documents it for initiate.
     *
     * @param contentMd5 base64 of a 16-byte MD5
     * @return this builder
     */
    public Builder contentMd5(String contentMd5) {
      this.contentMd5 = contentMd5;
      return this;
    }

    /**
     * Sets {@code Expires} as an HTTP date.
     *
     * @param expires when cached copies expire
     * @return this builder
     */
    public Builder expires(Instant expires) {
      this.expires = expires == null ? null : HttpDates.format(expires);
      return this;
    }

    /**
     * Sets {@code Expires} as given.
     *
     * @param expires header text, e.g. {@code Sun, 01 Dec 2030 16:00:00 GMT}
     * @return this builder
     */
    public Builder expires(String expires) {
      this.expires = expires;
      return this;
    }

    /**
     * Sets {@code x-amz-storage-class}: {@code STANDARD}, {@code REDUCED_REDUNDANCY} (JDCloud),
     * and on AWS also {@code STANDARD_IA}, {@code ONEZONE_IA}, {@code INTELLIGENT_TIERING}, {@code
     * GLACIER}, {@code GLACIER_IR}, {@code DEEP_ARCHIVE}, ... Other S3-compatible stores have their
     * own; any upper-case token is accepted.
     *
     * @param storageClass the class
     * @return this builder
     */
    public Builder storageClass(String storageClass) {
      this.storageClass = storageClass;
      return this;
    }

    /**
     * Adds user metadata, sent as {@code x-amz-meta-<name>}.
     *
     * @param name an HTTP token, without the prefix
     * @param value the value
     * @return this builder
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
     * @param metadata the entries
     * @return this builder
     */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata.clear();
      if (metadata != null) {
        metadata.forEach(this::metadata);
      }
      return this;
    }

    /**
     * Sets server-side encryption.
     *
     * @param sse the setting, or null for the bucket's default
     * @return this builder
     */
    public Builder serverSideEncryption(ServerSideEncryption sse) {
      this.sse = sse;
      return this;
    }

    /**
     * Sets a canned ACL ({@code x-amz-acl}).
     *
     * @param acl the ACL, or null
     * @return this builder
     */
    public Builder acl(CannedAcl acl) {
      this.acl = acl;
      return this;
    }

    /**
     * Adds an object tag, sent URL-encoded in {@code x-amz-tagging}.
     *
     * @param key 1..128 characters
     * @param value 0..256 characters
     * @return this builder
     */
    public Builder tag(String key, String value) {
      if (key == null || value == null) {
        throw new InvalidRequestException("tags", "keys and values must not be null");
      }
      tags.put(key, value);
      return this;
    }

    /**
     * Refuses to replace an existing object. S3 cannot check this when an upload starts; it
     * checks on completion: the complete call carries {@code If-None-Match: *}, and a key already
     * taken (412 {@code PreconditionFailed}) or taken meanwhile (409 {@code
     * ConditionalRequestConflict}) ends in an {@link io.unipart.UploadConflictException}. Stores
     * without conditional writes ignore the header.
     *
     * @param forbidOverwrite true to refuse
     * @return this builder
     */
    public Builder forbidOverwrite(boolean forbidOverwrite) {
      this.forbidOverwrite = forbidOverwrite;
      return this;
    }

    /**
     * Sends {@code Expect: 100-continue}.
     *
     * @param expectContinue whether to send it
     * @return this builder
     */
    public Builder expectContinue(boolean expectContinue) {
      this.expectContinue = expectContinue;
      return this;
    }

    /**
     * Records the planned total size in the session (not sent: S3 learns sizes from the parts).
     *
     * @param contentLength at least 0
     * @return this builder
     */
    public Builder contentLength(long contentLength) {
      this.contentLength = contentLength;
      return this;
    }

    /**
     * Records the planned part size in the session.
     *
     * @param partSize 5 MiB..5 GiB (smaller only when the whole object is one part)
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
     * Checks every rule and builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public S3InitiateRequest build() {
      S3Rules.checkKey(key);
      if (bucket != null) {
        S3Endpoint.checkBucket(bucket);
      }
      FieldChecks.headerValue("contentType", contentType);
      if (contentType != null && contentType.isBlank()) {
        throw new InvalidRequestException("contentType", "must not be blank when set");
      }
      FieldChecks.headerValue("cacheControl", cacheControl);
      FieldChecks.headerValue("contentDisposition", contentDisposition);
      FieldChecks.headerValue("contentEncoding", contentEncoding);
      FieldChecks.headerValue("expires", expires);
      if (contentMd5 != null) {
        FieldChecks.base64("contentMd5", contentMd5, 16);
      }
      if (storageClass != null && !storageClass.matches("[A-Z0-9_]{1,64}")) {
        throw new InvalidRequestException(
            "storageClass", "must be an upper-case token such as STANDARD or REDUCED_REDUNDANCY");
      }
      S3Rules.checkMetadata(metadata);
      S3Rules.checkTags(tags);
      if (contentLength != null && contentLength < 0) {
        throw new InvalidRequestException(
            "contentLength", "must be >= 0 (was " + contentLength + ")");
      }
      if (partSize != null) {
        S3MultipartClient.CAPABILITIES.checkPlan(contentLength == null ? -1 : contentLength,
            partSize);
      }
      return new S3InitiateRequest(this);
    }
  }
}
