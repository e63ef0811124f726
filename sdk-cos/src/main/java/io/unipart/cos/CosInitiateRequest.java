package io.unipart.cos;

import io.unipart.internal.FieldChecks;
import io.unipart.internal.PercentEncoding;
import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import io.unipart.internal.HttpDates;
import java.time.Duration;
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
 * Everything COS's Initiate Multipart Upload ({@code POST /key?uploads}) can carry: Cache-Control,
 * Content-Disposition, Content-Encoding, Content-Type, Expires, {@code x-cos-meta-*}, storage
 * class, tagging, the ACL and grant headers, server-side encryption and {@code
 * x-cos-forbid-overwrite}. Immutable; {@link Builder#build()} checks every rule before any network
 * call.
 *
 * <pre>{@code
 * CosInitiateRequest request = CosInitiateRequest.builder()
 *     .key("videos/intro.mp4")
 *     .contentType("video/mp4")
 *     .storageClass(CosStorageClass.STANDARD_IA)
 *     .metadata("example-field", "example-value")
 *     .acl(CosAcl.PUBLIC_READ)
 *     .grantRead("100000000001", "100000000002")
 *     .serverSideEncryption(CosServerSideEncryption.cos())
 *     .forbidOverwrite(true)
 *     .build();
 * }</pre>
 *
 * <p>Rules: the key is 1..850 UTF-8 bytes, does not start with {@code /} or {@code \}, and has no
 * control characters; metadata names are HTTP tokens without underscores and all metadata is at
 * most 2 KB; at most 10 tags; grantee ids are printable without quotes or commas; header values
 * are US-ASCII without CR or LF; a planned part size is 1 MiB..5 GiB with at most 10,000 parts.
 */
public final class CosInitiateRequest {
  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  private final String key;
  private final String contentType;
  private final String cacheControl;
  private final String contentDisposition;
  private final String contentEncoding;
  private final String expires;
  private final Map<String, String> metadata;
  private final CosStorageClass storageClass;
  private final Map<String, String> tags;
  private final CosAcl acl;
  private final Map<String, List<String>> grants;
  private final CosServerSideEncryption sse;
  private final boolean forbidOverwrite;
  private final Long contentLength;
  private final Long partSize;
  private final Duration deadline;

  private CosInitiateRequest(Builder b) {
    this.key = b.key;
    this.contentType = b.contentType;
    this.cacheControl = b.cacheControl;
    this.contentDisposition = b.contentDisposition;
    this.contentEncoding = b.contentEncoding;
    this.expires = b.expires;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.storageClass = b.storageClass;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    this.acl = b.acl;
    Map<String, List<String>> g = new LinkedHashMap<>();
    b.grants.forEach((k, v) -> g.put(k, List.copyOf(v)));
    this.grants = Collections.unmodifiableMap(g);
    this.sse = b.sse;
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
   * count with the content length) and deadline carry over; {@code overwrite(false)} becomes
   * {@code x-cos-forbid-overwrite: true}.
   *
   * @param request the neutral request
   * @return the COS request
   */
  public static CosInitiateRequest from(UploadRequest request) {
    Objects.requireNonNull(request, "request");
    Builder b =
        builder()
            .key(request.key())
            .contentType(request.contentType().orElse(null))
            .metadata(request.metadata())
            .forbidOverwrite(request.overwrite().map(o -> !o).orElse(false))
            .deadline(request.deadline().orElse(null));
    request.contentLength().ifPresent(b::contentLength);
    request.partSize().ifPresent(b::partSize);
    if (request.partCount().isPresent()) {
      if (request.contentLength().isEmpty()) {
        throw new InvalidRequestException(
            "partCount", "needs contentLength, so that COS part sizes can be planned");
      }
      b.partSize(CosMultipartClient.CAPABILITIES.partSizeFor(request.contentLength().getAsLong(),
          request.partCount().getAsInt()));
    }
    return b.build();
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
   * The object's content type; {@code application/octet-stream} when unset.
   *
   * @return the content type
   */
  public String contentType() {
    return contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
  }

  /**
   * User metadata, names without the {@code x-cos-meta-} prefix.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * The storage class.
   *
   * @return the class, or empty for the bucket's default
   */
  public Optional<CosStorageClass> storageClass() {
    return Optional.ofNullable(storageClass);
  }

  /**
   * Whether an existing object must not be replaced.
   *
   * @return true to send {@code x-cos-forbid-overwrite: true}
   */
  public boolean forbidOverwrite() {
    return forbidOverwrite;
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
   * The bound for this call, retries included.
   *
   * @return the deadline, or empty for the client's
   */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The request headers, in the seed's order; names as they go on the wire. */
  Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", contentType());
    putIfSet(h, "Cache-Control", cacheControl);
    putIfSet(h, "Content-Disposition", contentDisposition);
    putIfSet(h, "Content-Encoding", contentEncoding);
    putIfSet(h, "Expires", expires);
    metadata.forEach((name, value) -> h.put("x-cos-meta-" + name, value));
    if (storageClass != null) {
      h.put("x-cos-storage-class", storageClass.name());
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
      h.put("x-cos-tagging", sb.toString());
    }
    if (acl != null) {
      h.put("x-cos-acl", acl.wireValue());
    }
    grants.forEach(
        (header, ids) -> {
          List<String> quoted = new ArrayList<>();
          ids.forEach(id -> quoted.add("id=\"" + id + "\""));
          h.put(header, String.join(",", quoted));
        });
    if (sse != null) {
      h.putAll(sse.headers());
    }
    if (forbidOverwrite) {
      h.put("x-cos-forbid-overwrite", "true");
    }
    return h;
  }

  private static void putIfSet(Map<String, String> h, String name, String value) {
    if (value != null) {
      h.put(name, value);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CosInitiateRequest)) {
      return false;
    }
    CosInitiateRequest r = (CosInitiateRequest) o;
    return key.equals(r.key)
        && headers().equals(r.headers())
        && Objects.equals(contentLength, r.contentLength)
        && Objects.equals(partSize, r.partSize)
        && Objects.equals(deadline, r.deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, headers(), contentLength, partSize, deadline);
  }

  @Override
  public String toString() {
    return "CosInitiateRequest{key=" + key + ", contentType=" + contentType()
        + (storageClass == null ? "" : ", storageClass=" + storageClass)
        + (metadata.isEmpty() ? "" : ", metadata=" + metadata.keySet())
        + (acl == null ? "" : ", acl=" + acl)
        + (sse == null ? "" : ", sse=" + sse)
        + (forbidOverwrite ? ", forbidOverwrite" : "") + '}';
  }

  /** Builds a {@link CosInitiateRequest}. Not thread-safe. */
  public static final class Builder {
    private String key;
    private String contentType;
    private String cacheControl;
    private String contentDisposition;
    private String contentEncoding;
    private String expires;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private CosStorageClass storageClass;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private CosAcl acl;
    private final Map<String, List<String>> grants = new LinkedHashMap<>();
    private CosServerSideEncryption sse;
    private boolean forbidOverwrite;
    private Long contentLength;
    private Long partSize;
    private Duration deadline;

    private Builder() {}

    /**
     * Sets the object key. Required.
     *
     * @param key 1..850 UTF-8 bytes, not starting with '/' or '\'
     * @return this builder
     */
    public Builder key(String key) {
      this.key = key;
      return this;
    }

    /**
     * Sets {@code Content-Type}; default {@code application/octet-stream}.
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
     * @param cacheControl e.g. {@code max-age=86400}
     * @return this builder
     */
    public Builder cacheControl(String cacheControl) {
      this.cacheControl = cacheControl;
      return this;
    }

    /**
     * Sets {@code Content-Disposition}.
     *
     * @param contentDisposition e.g. {@code attachment; filename=example.jpg}
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
     * @param expires header text
     * @return this builder
     */
    public Builder expires(String expires) {
      this.expires = expires;
      return this;
    }

    /**
     * Adds user metadata, sent as {@code x-cos-meta-<name>}.
     *
     * @param name an HTTP token without underscores, without the prefix
     * @param value a US-ASCII value
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
     * Sets {@code x-cos-storage-class}.
     *
     * @param storageClass the class, or null for the bucket's default
     * @return this builder
     */
    public Builder storageClass(CosStorageClass storageClass) {
      this.storageClass = storageClass;
      return this;
    }

    /**
     * Adds an object tag, sent URL-encoded in {@code x-cos-tagging}.
     *
     * @param key the tag key
     * @param value the tag value
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
     * Sets the preset ACL ({@code x-cos-acl}).
     *
     * @param acl the ACL, or null to leave it out
     * @return this builder
     */
    public Builder acl(CosAcl acl) {
      this.acl = acl;
      return this;
    }

    /**
     * Grants read permission ({@code x-cos-grant-read: id="..."[,id="..."]}).
     *
     * @param ids owner UINs, e.g. {@code 100000000001}
     * @return this builder
     */
    public Builder grantRead(String... ids) {
      return grant("x-cos-grant-read", ids);
    }

    /**
     * Grants read permission on the ACL ({@code x-cos-grant-read-acp}).
     *
     * @param ids owner UINs
     * @return this builder
     */
    public Builder grantReadAcp(String... ids) {
      return grant("x-cos-grant-read-acp", ids);
    }

    /**
     * Grants write permission on the ACL ({@code x-cos-grant-write-acp}).
     *
     * @param ids owner UINs
     * @return this builder
     */
    public Builder grantWriteAcp(String... ids) {
      return grant("x-cos-grant-write-acp", ids);
    }

    /**
     * Grants full control ({@code x-cos-grant-full-control}).
     *
     * @param ids owner UINs
     * @return this builder
     */
    public Builder grantFullControl(String... ids) {
      return grant("x-cos-grant-full-control", ids);
    }

    private Builder grant(String header, String... ids) {
      grants.put(header, new ArrayList<>(List.of(ids == null ? new String[0] : ids.clone())));
      return this;
    }

    /**
     * Sets server-side encryption.
     *
     * @param sse the setting, or null for the bucket's default
     * @return this builder
     */
    public Builder serverSideEncryption(CosServerSideEncryption sse) {
      this.sse = sse;
      return this;
    }

    /**
     * Refuses to replace an existing object ({@code x-cos-forbid-overwrite: true}).
     *
     * @param forbidOverwrite whether to refuse
     * @return this builder
     */
    public Builder forbidOverwrite(boolean forbidOverwrite) {
      this.forbidOverwrite = forbidOverwrite;
      return this;
    }

    /**
     * Records the planned total size in the session.
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
     * @param partSize 1 MiB..5 GiB (smaller only when the object is one part)
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
    public CosInitiateRequest build() {
      CosRules.checkKey(key);
      if (contentType != null && contentType.isBlank()) {
        throw new InvalidRequestException("contentType", "must not be blank when set");
      }
      FieldChecks.headerValue("contentType", contentType);
      FieldChecks.headerValue("cacheControl", cacheControl);
      FieldChecks.headerValue("contentDisposition", contentDisposition);
      FieldChecks.headerValue("contentEncoding", contentEncoding);
      FieldChecks.headerValue("expires", expires);
      CosRules.checkMetadata(metadata);
      CosRules.checkTags(tags);
      grants.forEach((header, ids) -> CosRules.checkGrant(grantField(header), ids));
      if (contentLength != null && contentLength < 0) {
        throw new InvalidRequestException(
            "contentLength", "must be >= 0 (was " + contentLength + ")");
      }
      if (partSize != null) {
        CosMultipartClient.CAPABILITIES.checkPlan(contentLength == null ? -1 : contentLength,
            partSize);
      }
      return new CosInitiateRequest(this);
    }

    private static String grantField(String header) {
      switch (header) {
        case "x-cos-grant-read":
          return "grantRead";
        case "x-cos-grant-read-acp":
          return "grantReadAcp";
        case "x-cos-grant-write-acp":
          return "grantWriteAcp";
        default:
          return "grantFullControl";
      }
    }
  }
}
