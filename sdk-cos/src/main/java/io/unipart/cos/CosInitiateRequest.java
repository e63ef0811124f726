package io.unipart.cos;

import io.unipart.ObjectStoreRequest;
import io.unipart.ObjectStoreRequestBuilder;
import io.unipart.internal.FieldChecks;
import io.unipart.InvalidRequestException;
import io.unipart.ObjectHeaders;
import io.unipart.internal.StoredObjectHeaders;
import io.unipart.UploadRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * COS's Initiate Multipart Upload ({@code POST /key?uploads}): the neutral {@link UploadRequest}
 * (key, content type, metadata as {@code x-cos-meta-*}, length, part plan, overwrite, deadline)
 * plus what only COS has: the headers the object is served with and its tags (one {@link
 * ObjectHeaders}), storage class, the ACL and grant headers, and server-side encryption. {@code
 * overwrite(false)} becomes {@code x-cos-forbid-overwrite: true}, on initiate and again on
 * complete. Immutable;
 * {@link Builder#build()} checks every COS rule before any network call.
 *
 * <pre>{@code
 * CosInitiateRequest request = CosInitiateRequest.builder(UploadRequest.builder()
 *         .key("videos/intro.mp4").contentType("video/mp4")
 *         .metadata("example-field", "example-value").overwrite(false).build())
 *     .storageClass(CosStorageClass.STANDARD_IA)
 *     .acl(CosAcl.PUBLIC_READ)
 *     .grantRead("100000000001", "100000000002")
 *     .serverSideEncryption(CosServerSideEncryption.cos())
 *     .build();
 * }</pre>
 *
 * <p>Rules: the key is 1..850 UTF-8 bytes, does not start with {@code /} or {@code \}, and has no
 * control characters; metadata names are HTTP tokens without underscores and all metadata is at
 * most 2 KB; at most 10 tags; grantee ids are printable without quotes or commas; header values
 * are US-ASCII without CR or LF; a planned part size is 1 MiB..5 GiB with at most 10,000 parts.
 * The content type is {@code application/octet-stream} when the request names none.
 */
public final class CosInitiateRequest extends ObjectStoreRequest {
  static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

  private final CosStorageClass storageClass;
  private final CosAcl acl;
  private final Map<String, List<String>> grants;
  private final CosServerSideEncryption sse;

  private CosInitiateRequest(Builder b) {
    super(b);
    this.storageClass = b.storageClass;
    this.acl = b.acl;
    Map<String, List<String>> g = new LinkedHashMap<>();
    b.grants.forEach((k, v) -> g.put(k, List.copyOf(v)));
    this.grants = Collections.unmodifiableMap(g);
    this.sse = b.sse;
  }

  /**
   * Starts a request from the neutral one, adding COS's options.
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
    b.storageClass = storageClass;
    b.objectHeaders(objectHeaders());
    b.acl = acl;
    grants.forEach((k, v) -> b.grants.put(k, new ArrayList<>(v)));
    b.sse = sse;
    return b;
  }

  /**
   * The storage class.
   *
   * @return the class, or empty for the bucket's default
   */
  public Optional<CosStorageClass> storageClass() {
    return Optional.ofNullable(storageClass);
  }

  /** The part size the neutral request plans (its partSize, or its partCount made a size). */
  /** Whether the object must not replace an existing one. */
  /** The request headers, in the seed's order; names as they go on the wire. */
  Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", upload().contentType().orElse(DEFAULT_CONTENT_TYPE));
    StoredObjectHeaders.putServed(h, objectHeaders());
    upload().metadata().forEach((name, value) -> h.put("x-cos-meta-" + name, value));
    if (storageClass != null) {
      h.put("x-cos-storage-class", storageClass.name());
    }
    StoredObjectHeaders.putTagging(h, "x-cos-tagging", objectHeaders());
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
    if (!upload().overwrite().orElse(true)) {
      h.put("x-cos-forbid-overwrite", "true");
    }
    return h;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CosInitiateRequest)) {
      return false;
    }
    CosInitiateRequest r = (CosInitiateRequest) o;
    return upload().equals(r.upload()) && headers().equals(r.headers());
  }

  @Override
  public int hashCode() {
    return Objects.hash(upload(), headers());
  }

  @Override
  public String toString() {
    return "CosInitiateRequest{" + upload()
        + (storageClass == null ? "" : ", storageClass=" + storageClass)
        + (acl == null ? "" : ", acl=" + acl)
        + (sse == null ? "" : ", sse=" + sse) + '}';
  }

  /** Builds a {@link CosInitiateRequest}. Not thread-safe. */
  public static final class Builder extends ObjectStoreRequestBuilder<Builder> {
    private CosStorageClass storageClass;
    private CosAcl acl;
    private final Map<String, List<String>> grants = new LinkedHashMap<>();
    private CosServerSideEncryption sse;

    private Builder(UploadRequest upload) {
      super(upload);
    }

    /**
     * Sets {@code x-cos-storage-class}.
     *
     * @param storageClass the class, or null for the bucket's default
     */
    public Builder storageClass(CosStorageClass storageClass) {
      this.storageClass = storageClass;
      return this;
    }

    /**
     * Sets the preset ACL ({@code x-cos-acl}).
     *
     * @param acl the ACL, or null to leave it out
     */
    public Builder acl(CosAcl acl) {
      this.acl = acl;
      return this;
    }

    /**
     * Grants read permission ({@code x-cos-grant-read: id="..."[,id="..."]}).
     *
     * @param ids owner UINs, e.g. {@code 100000000001}
     */
    public Builder grantRead(String... ids) {
      return grant("x-cos-grant-read", ids);
    }

    /**
     * Grants read permission on the ACL ({@code x-cos-grant-read-acp}).
     *
     * @param ids owner UINs
     */
    public Builder grantReadAcp(String... ids) {
      return grant("x-cos-grant-read-acp", ids);
    }

    /**
     * Grants write permission on the ACL ({@code x-cos-grant-write-acp}).
     *
     * @param ids owner UINs
     */
    public Builder grantWriteAcp(String... ids) {
      return grant("x-cos-grant-write-acp", ids);
    }

    /**
     * Grants full control ({@code x-cos-grant-full-control}).
     *
     * @param ids owner UINs
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
     */
    public Builder serverSideEncryption(CosServerSideEncryption sse) {
      this.sse = sse;
      return this;
    }

    /**
     * Checks every rule and builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public CosInitiateRequest build() {
      UploadRequest upload = upload();
      CosRules.checkKey(upload.key());
      FieldChecks.headerValue("contentType", upload.contentType().orElse(null));
      CosRules.checkMetadata(upload.metadata());
      CosRules.checkTags(objectHeaders().tags());
      grants.forEach((header, ids) -> CosRules.checkGrant(grantField(header), ids));
      CosRules.CAPABILITIES.plannedPartSize(upload);
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
