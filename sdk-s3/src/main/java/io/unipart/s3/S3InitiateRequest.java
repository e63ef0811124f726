package io.unipart.s3;

import io.unipart.internal.FieldChecks;
import io.unipart.ObjectStoreRequest;
import io.unipart.ObjectStoreRequestBuilder;
import io.unipart.InvalidRequestException;
import io.unipart.ObjectHeaders;
import io.unipart.internal.StoredObjectHeaders;
import io.unipart.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An S3 {@code CreateMultipartUpload} ({@code POST /key?uploads}): the neutral {@link
 * UploadRequest} (key, content type, metadata, length, part plan, overwrite, deadline) plus what
 * only S3 has: the headers JDCloud OSS documents (Cache-Control, Content-Disposition,
 * Content-Encoding, Content-MD5, Expect, Expires, x-amz-storage-class) and what S3 users set on
 * create (server-side encryption, canned ACL, tagging, another bucket). Cache-Control,
 * Content-Disposition, Content-Encoding, Expires and tags come as one {@link ObjectHeaders}. Immutable; {@link
 * Builder#build()} checks every S3 rule before any network call.
 *
 * <pre>{@code
 * S3InitiateRequest request = S3InitiateRequest.builder(UploadRequest.builder()
 *         .key("videos/intro.mp4").contentType("video/mp4").metadata("owner", "media-team")
 *         .build())
 *     .storageClass("STANDARD_IA")
 *     .serverSideEncryption(ServerSideEncryption.kms("alias/media"))
 *     .objectHeaders(ObjectHeaders.builder().cacheControl("max-age=86400").tag("project", "launch")
 *         .build())
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
public final class S3InitiateRequest extends ObjectStoreRequest {
  static final long MIN_PART_SIZE = 5L << 20;
  static final long MAX_PART_SIZE = 5L << 30;
  static final int MAX_PARTS = 10_000;
  static final int MAX_KEY_BYTES = 1024;
  static final int MAX_METADATA_BYTES = 2048;
  static final int MAX_TAGS = 10;
  static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

  private final String bucket;
  private final String contentMd5;
  private final String storageClass;
  private final ServerSideEncryption sse;
  private final CannedAcl acl;
  private final boolean expectContinue;

  private S3InitiateRequest(Builder b) {
    super(b);
    this.bucket = b.bucket;
    this.contentMd5 = b.contentMd5;
    this.storageClass = b.storageClass;
    this.sse = b.sse;
    this.acl = b.acl;
    this.expectContinue = b.expectContinue;
  }

  /**
   * Starts a request from the neutral one, adding S3's options.
   *
   * @param upload key, content type, metadata, length, part plan, overwrite, deadline
   * @return a builder
   */
  public static Builder builder(UploadRequest upload) {
    return new Builder(upload);
  }

  /**
   * A copy that can be changed.
   *
   * @return a builder holding this request's values
   */
  public Builder toBuilder() {
    Builder b = new Builder(upload());
    b.bucket = bucket;
    b.contentMd5 = contentMd5;
    b.storageClass = storageClass;
    b.sse = sse;
    b.acl = acl;
    b.objectHeaders(objectHeaders());
    b.expectContinue = expectContinue;
    return b;
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
  /** Whether complete must not replace an existing object. */
  /** The request headers, in a stable order; names as they go on the wire. */
  Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", upload().contentType().orElse(DEFAULT_CONTENT_TYPE));
    StoredObjectHeaders.putServed(h, objectHeaders());
    putIfSet(h, "Content-MD5", contentMd5);
    putIfSet(h, "x-amz-storage-class", storageClass);
    if (acl != null) {
      h.put("x-amz-acl", acl.wireValue());
    }
    StoredObjectHeaders.putTagging(h, "x-amz-tagging", objectHeaders());
    if (sse != null) {
      h.putAll(sse.headers());
    }
    upload().metadata().forEach((name, value) -> h.put("x-amz-meta-" + name, headerSafe(value)));
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
    return upload().equals(r.upload())
        && Objects.equals(bucket, r.bucket)
        && headers().equals(r.headers());
  }

  @Override
  public int hashCode() {
    return Objects.hash(upload(), bucket, headers());
  }

  @Override
  public String toString() {
    return "S3InitiateRequest{" + upload()
        + (bucket == null ? "" : ", bucket=" + bucket)
        + (storageClass == null ? "" : ", storageClass=" + storageClass)
        + (sse == null ? "" : ", sse=" + sse)
        + (acl == null ? "" : ", acl=" + acl)
        + (objectHeaders().equals(ObjectHeaders.NONE) ? "" : ", " + objectHeaders())
        + '}';
  }

  /** Builds an {@link S3InitiateRequest}. Not thread-safe. */
  public static final class Builder extends ObjectStoreRequestBuilder<Builder> {
    private String bucket;
    private String contentMd5;
    private String storageClass;
    private ServerSideEncryption sse;
    private CannedAcl acl;
    private boolean expectContinue;

    private Builder(UploadRequest upload) {
      super(upload);
    }

    /**
     * Overrides the client's bucket for this call.
     *
     * @param bucket the bucket, or null for the client's
     */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /**
     * Sets {@code Content-MD5}, as JDCloud documents it for initiate.
     *
     * @param contentMd5 base64 of a 16-byte MD5
     */
    public Builder contentMd5(String contentMd5) {
      this.contentMd5 = contentMd5;
      return this;
    }

    /**
     * Sets {@code x-amz-storage-class}: {@code STANDARD}, {@code REDUCED_REDUNDANCY} (JDCloud),
     * and on AWS also {@code STANDARD_IA}, {@code ONEZONE_IA}, {@code INTELLIGENT_TIERING}, {@code
     * GLACIER}, {@code GLACIER_IR}, {@code DEEP_ARCHIVE}, ... Other S3-compatible stores have their
     * own; any upper-case token is accepted.
     *
     * @param storageClass the class
     */
    public Builder storageClass(String storageClass) {
      this.storageClass = storageClass;
      return this;
    }

    /**
     * Sets server-side encryption.
     *
     * @param sse the setting, or null for the bucket's default
     */
    public Builder serverSideEncryption(ServerSideEncryption sse) {
      this.sse = sse;
      return this;
    }

    /**
     * Sets a canned ACL ({@code x-amz-acl}).
     *
     * @param acl the ACL, or null
     */
    public Builder acl(CannedAcl acl) {
      this.acl = acl;
      return this;
    }

    /**
     * Sends {@code Expect: 100-continue}.
     *
     * @param expectContinue whether to send it
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
      UploadRequest upload = upload();
      S3Rules.checkKey(upload.key());
      if (bucket != null) {
        S3Endpoint.checkBucket(bucket);
      }
      FieldChecks.headerValue("contentType", upload.contentType().orElse(null));
      if (contentMd5 != null) {
        FieldChecks.base64("contentMd5", contentMd5, 16);
      }
      if (storageClass != null && !storageClass.matches("[A-Z0-9_]{1,64}")) {
        throw new InvalidRequestException(
            "storageClass", "must be an upper-case token such as STANDARD or REDUCED_REDUNDANCY");
      }
      S3Rules.checkMetadata(upload.metadata());
      S3Rules.checkTags(objectHeaders().tags());
      S3Rules.CAPABILITIES.plannedPartSize(upload);
      return new S3InitiateRequest(this);
    }
  }
}
