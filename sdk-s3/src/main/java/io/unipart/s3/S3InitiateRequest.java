package io.unipart.s3;

import io.unipart.internal.FieldChecks;
import io.unipart.internal.PercentEncoding;
import io.unipart.DialectRequestBuilder;
import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import io.unipart.internal.HttpDates;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An S3 {@code CreateMultipartUpload} ({@code POST /key?uploads}): the neutral {@link
 * UploadRequest} (key, content type, metadata, length, part plan, overwrite, deadline) plus what
 * only S3 has: the headers JDCloud OSS documents (Cache-Control, Content-Disposition,
 * Content-Encoding, Content-MD5, Expect, Expires, x-amz-storage-class) and what S3 users set on
 * create (server-side encryption, canned ACL, tagging, another bucket). Immutable; {@link
 * Builder#build()} checks every S3 rule before any network call.
 *
 * <pre>{@code
 * S3InitiateRequest request = S3InitiateRequest.builder(UploadRequest.builder()
 *         .key("videos/intro.mp4").contentType("video/mp4").metadata("owner", "media-team")
 *         .build())
 *     .storageClass("STANDARD_IA")
 *     .serverSideEncryption(ServerSideEncryption.kms("alias/media"))
 *     .tag("project", "launch")
 *     .build();
 * }</pre>
 *
 * <p>Rules: the key is 1..1024 UTF-8 bytes without control characters; metadata names are HTTP
 * tokens and all metadata together is at most 2 KB (UTF-8 bytes of names and values); header
 * values carry no CR or LF and are US-ASCII (metadata values that are not are sent RFC 2047
 * encoded, as S3 documents); Content-MD5 is base64 of 16 bytes; at most 10 tags (keys 1..128,
 * values 0..256 characters); a planned part size is 5 MiB..5 GiB and at most 10,000 parts. The
 * content type is {@code binary/octet-stream} when the request names none. {@code
 * overwrite(false)} makes the complete call conditional ({@code If-None-Match: *}): a key already
 * taken, or taken meanwhile, ends in an {@link io.unipart.UploadConflictException}; stores without
 * conditional writes ignore it.
 */
public final class S3InitiateRequest {
  static final long MIN_PART_SIZE = 5L << 20;
  static final long MAX_PART_SIZE = 5L << 30;
  static final int MAX_PARTS = 10_000;
  static final int MAX_KEY_BYTES = 1024;
  static final int MAX_METADATA_BYTES = 2048;
  static final int MAX_TAGS = 10;
  static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

  private final UploadRequest upload;
  private final String bucket;
  private final String cacheControl;
  private final String contentDisposition;
  private final String contentEncoding;
  private final String contentMd5;
  private final String expires;
  private final String storageClass;
  private final ServerSideEncryption sse;
  private final CannedAcl acl;
  private final Map<String, String> tags;
  private final boolean expectContinue;
  private final OptionalLong plannedPartSize;

  private S3InitiateRequest(Builder b, OptionalLong plannedPartSize) {
    this.upload = b.upload;
    this.bucket = b.bucket;
    this.cacheControl = b.cacheControl;
    this.contentDisposition = b.contentDisposition;
    this.contentEncoding = b.contentEncoding;
    this.contentMd5 = b.contentMd5;
    this.expires = b.expires;
    this.storageClass = b.storageClass;
    this.sse = b.sse;
    this.acl = b.acl;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    this.expectContinue = b.expectContinue;
    this.plannedPartSize = plannedPartSize;
  }

  /**
   * Starts a request from the neutral one, adding S3's options.
   *
   * @param upload key, content type, metadata, length, part plan, overwrite, deadline
   * @return a builder
   */
  public static Builder builder(UploadRequest upload) {
    return new Builder(Objects.requireNonNull(upload, "upload"));
  }

  /**
   * A copy that can be changed.
   *
   * @return a builder holding this request's values
   */
  public Builder toBuilder() {
    Builder b = new Builder(upload);
    b.bucket = bucket;
    b.cacheControl = cacheControl;
    b.contentDisposition = contentDisposition;
    b.contentEncoding = contentEncoding;
    b.contentMd5 = contentMd5;
    b.expires = expires;
    b.storageClass = storageClass;
    b.sse = sse;
    b.acl = acl;
    b.tags.putAll(tags);
    b.expectContinue = expectContinue;
    return b;
  }

  /**
   * The neutral part of the request.
   *
   * @return key, content type, metadata, length, part plan, overwrite and deadline
   */
  public UploadRequest upload() {
    return upload;
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
   * The storage class.
   *
   * @return e.g. {@code STANDARD_IA}, or empty for the bucket's default
   */
  public Optional<String> storageClass() {
    return Optional.ofNullable(storageClass);
  }

  /** The part size the neutral request plans (its partSize, or its partCount made a size). */
  OptionalLong plannedPartSize() {
    return plannedPartSize;
  }

  /** Whether complete must not replace an existing object. */
  boolean forbidOverwrite() {
    return upload.overwrite().map(o -> !o).orElse(false);
  }

  /** The request headers, in a stable order; names as they go on the wire. */
  Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", upload.contentType().orElse(DEFAULT_CONTENT_TYPE));
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
    upload.metadata().forEach((name, value) -> h.put("x-amz-meta-" + name, headerSafe(value)));
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
    return upload.equals(r.upload)
        && Objects.equals(bucket, r.bucket)
        && headers().equals(r.headers());
  }

  @Override
  public int hashCode() {
    return Objects.hash(upload, bucket, headers());
  }

  @Override
  public String toString() {
    return "S3InitiateRequest{" + upload
        + (bucket == null ? "" : ", bucket=" + bucket)
        + (storageClass == null ? "" : ", storageClass=" + storageClass)
        + (sse == null ? "" : ", sse=" + sse)
        + (acl == null ? "" : ", acl=" + acl)
        + (tags.isEmpty() ? "" : ", tags=" + tags.keySet())
        + '}';
  }

  /** Builds an {@link S3InitiateRequest}. Not thread-safe. */
  public static final class Builder implements DialectRequestBuilder<Builder> {
    private UploadRequest upload;
    private String bucket;
    private String cacheControl;
    private String contentDisposition;
    private String contentEncoding;
    private String contentMd5;
    private String expires;
    private String storageClass;
    private ServerSideEncryption sse;
    private CannedAcl acl;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private boolean expectContinue;

    private Builder(UploadRequest upload) {
      this.upload = upload;
    }

    /**
     * Replaces the neutral part, keeping the S3 options.
     *
     * @param upload key, content type, metadata, length, part plan, overwrite, deadline
     * @return this builder
     */
    @Override
    public Builder upload(UploadRequest upload) {
      this.upload = Objects.requireNonNull(upload, "upload");
      return this;
    }

    @Override
    public UploadRequest upload() {
      return upload;
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
     * Checks every rule and builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public S3InitiateRequest build() {
      S3Rules.checkKey(upload.key());
      if (bucket != null) {
        S3Endpoint.checkBucket(bucket);
      }
      FieldChecks.headerValue("contentType", upload.contentType().orElse(null));
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
      S3Rules.checkMetadata(upload.metadata());
      S3Rules.checkTags(tags);
      return new S3InitiateRequest(this,
          S3MultipartClient.CAPABILITIES.plannedPartSize(upload));
    }
  }
}
