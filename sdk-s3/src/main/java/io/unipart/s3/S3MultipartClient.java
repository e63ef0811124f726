package io.unipart.s3;

import io.unipart.ClientBuilder;
import io.unipart.internal.ClientRuntime;
import io.unipart.internal.xml.PartPayload;
import io.unipart.internal.xml.XmlMultipartProtocol;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartClient;
import io.unipart.PartContent;
import io.unipart.UploadCapabilities;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.util.concurrent.CompletableFuture;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Multipart uploads on any S3-compatible store (JDCloud OSS, AWS S3, MinIO, Ceph, ...), from start
 * to complete or abort ({@code POST /key?uploads}, {@code PUT ?partNumber=}, ...; AWS Signature
 * V4, XML), plus presigned part URLs. {@link io.unipart.MultipartUploader} drives it for whole
 * files and streams.
 *
 * <pre>{@code
 * try (S3MultipartClient s3 = S3MultipartClient.builder()
 *     .jdcloud("cn-north-1")                       // or .endpoint(...).region(...)
 *     .bucket("media")
 *     .credentials(AwsCredentials.of(accessKeyId, secretAccessKey))
 *     .build()) {
 *   UploadSession session = s3.initiate(UploadRequest.builder()
 *       .key("videos/intro.mp4").contentType("video/mp4").build());
 *   session.uploadId();
 * }
 * }</pre>
 *
 * <p>How the neutral {@link UploadRequest} maps: {@code key} is the object key (sent encoded once,
 * never normalised), {@code contentType} is {@code Content-Type} (default {@code
 * binary/octet-stream}), {@code metadata} becomes {@code x-amz-meta-*}, {@code contentLength} and
 * {@code partSize} (or {@code partCount}) are checked against S3's limits and recorded in the
 * session. {@code overwrite(false)} cannot be honoured and is rejected. For storage class, SSE,
 * ACL, tagging and the other headers, use {@link S3InitiateRequest}.
 *
 * <p>Addressing is virtual-hosted ({@code bucket.host}) unless the endpoint is an IP address or
 * {@code localhost}, the bucket is not a DNS name, or {@link Builder#pathStyle(boolean)} says
 * otherwise. The client is thread-safe; share one.
 */
public final class S3MultipartClient implements MultipartClient {
  /** The dialect id in sessions. */
  public static final String DIALECT = "s3";

  /** The longest a presigned URL may live: 7 days. */
  public static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);

  /**
   * S3's part rules: 5 MiB (all but the last) to 5 GiB, at most 10,000, numbered from 1, gaps
   * allowed; abort and list parts are available.
   */
  static final UploadCapabilities CAPABILITIES =
      UploadCapabilities.builder()
          .partSize(S3InitiateRequest.MIN_PART_SIZE, S3InitiateRequest.MAX_PART_SIZE)
          .maxPartCount(S3InitiateRequest.MAX_PARTS)
          .firstPartNumber(1)
          .canAbort(true)
          .canListParts(true)
          .conditionalComplete(true)
          .canListUploads(true)
          .build();

  private final S3Endpoint endpoint;
  private final String region;
  private final String bucket;
  private final SigV4Signer signer;
  private final XmlMultipartProtocol calls;
  private final ChecksumAlgorithm checksumAlgorithm;
  private final ClientRuntime runtime;

  private S3MultipartClient(
      Builder b, S3Endpoint endpoint, SigV4Signer signer, ClientRuntime runtime) {
    this.runtime = runtime;
    this.endpoint = endpoint;
    this.region = b.region;
    this.bucket = b.bucket;
    this.signer = signer;
    PayloadSigning signing = b.payloadSigning;
    boolean chunkedAllowed = !b.jdcloud;
    // SSE-C: AWS requires the customer key on UploadPart, and takes it on
    // CompleteMultipartUpload, ListParts and HeadObject (needed there for objects with checksums,
    // and for HEAD of any SSE-C object), as AWS's own multipart client sends it;
    // AbortMultipartUpload has no such headers.
    this.calls =
        XmlMultipartProtocol.builder(DIALECT, CAPABILITIES, endpoint, runtime.executor())
            .requestIdHeader("x-amz-request-id")
            .payloadHashHeader("x-amz-content-sha256")
            .payloads((uri, flexible) -> payload(signing, uri, chunkedAllowed, flexible),
                AwsChunkedEncoding.BODIES)
            .integrityChecksums(XmlMultipartProtocol.IntegrityChecksums.S3_FLEXIBLE)
            .customerKeys("x-amz-", EnumSet.of(XmlMultipartProtocol.Call.PART,
                XmlMultipartProtocol.Call.COMPLETE, XmlMultipartProtocol.Call.LIST,
                XmlMultipartProtocol.Call.HEAD))
            .conditionalComplete("If-None-Match", "*")
            .md5Etags(true)
            .build();
    this.checksumAlgorithm = b.checksumAlgorithmSet ? b.checksumAlgorithm
        : endpoint.isAws() ? ChecksumAlgorithm.CRC32 : null;
    for (ServerSideEncryption key : b.customerKeys) {
      calls.learnCustomerKey(key.headers());
    }
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts an upload from the neutral request, its fields mapped onto S3's as the class
   * comment says.
   *
   * @param request the neutral request
   * @return the session
   * @throws InvalidRequestException before any network call, when S3 cannot honour a field
   */
  @Override
  public UploadSession initiate(UploadRequest request) {
    return initiate(S3InitiateRequest.builder(request).build());
  }

  @Override
  public CompletableFuture<UploadSession> initiateAsync(UploadRequest request) {
    return runtime.async(() -> initiate(request));
  }

  /**
   * Like {@link #initiate(S3InitiateRequest)}, on the client's async executor.
   *
   * @param request the S3 request
   * @return a future completed with the session or an {@link io.unipart.UploadException}
   */
  public CompletableFuture<UploadSession> initiateAsync(S3InitiateRequest request) {
    return runtime.async(() -> initiate(request));
  }

  /** Releases the client's threads, and its transport unless the builder was given one. */
  @Override
  public void close() {
    runtime.close();
  }


  /**
   * Starts a multipart upload with every S3 option.
   *
   * @param request the S3 request
   * @return the session: dialect {@code s3}, destination the bucket
   * @throws InvalidRequestException before any network call, when a rule is broken
   * @throws io.unipart.ServiceException when S3 says no
   * @throws io.unipart.TransportException when the network fails after retries
   */
  public UploadSession initiate(S3InitiateRequest request) {
    Objects.requireNonNull(request, "request");
    Map<String, String> headers = request.headers();
    Map<String, String> handles = Map.of();
    if (checksumAlgorithm != null) {
      headers = new LinkedHashMap<>(headers);
      headers.put("x-amz-checksum-algorithm", checksumAlgorithm.name());
      headers.put("x-amz-checksum-type", checksumAlgorithm.checksumType());
      handles = Map.of(XmlMultipartProtocol.CHECKSUM_ALGORITHM_HANDLE, checksumAlgorithm.name());
    }
    UploadRequest upload = request.upload();
    return calls.initiate(new XmlMultipartProtocol.Initiate(request.bucket().orElse(bucket),
        upload.key(), headers, request.forbidOverwrite(), request.plannedPartSize(),
        upload.contentLength(), handles, upload.deadline()));
  }

  /**
   * The dialect id.
   *
   * @return {@value #DIALECT}
   */
  @Override
  public String dialect() {
    return DIALECT;
  }

  /**
   * S3's part rules: 5 MiB (every part but the last) to 5 GiB, at most 10,000 parts numbered from
   * 1, gaps allowed, abort and list parts available.
   *
   * @return the capabilities
   */
  @Override
  public UploadCapabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * Sends one part: a signed {@code PUT ?partNumber=&uploadId=}, its bytes protected as {@link
   * Builder#payloadSigning(PayloadSigning)} says. By default, over https the payload is {@code
   * UNSIGNED-PAYLOAD} with {@code Content-MD5} (TLS and the MD5 protect it; the part is read once
   * to hash it and again to send it); over plain http it is sent {@code aws-chunked}, every 128
   * KiB chunk signed as it streams ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}), which S3 checks.
   *
   * @param session an S3 session
   * @param partNumber 1..10,000
   * @param content at most 5 GiB
   * @return the part with its ETag
   */
  @Override
  public UploadedPart uploadPart(UploadSession session, int partNumber, PartContent content) {
    return calls.uploadPart(session, partNumber, content);
  }

  /**
   * Completes the upload ({@code POST ?uploadId=} with the part list). A 200 that carries an
   * {@code <Error>} is a failure, retried when its code is retryable ({@code InternalError},
   * {@code SlowDown}); a {@code NoSuchUpload} after a retry looks the object up, since an earlier
   * attempt may have completed it.
   *
   * @param session an S3 session
   * @param parts ascending, each with its ETag
   * @return the object with its ETag and location
   */
  @Override
  public UploadResult complete(UploadSession session, List<UploadedPart> parts) {
    return calls.complete(session, parts);
  }

  /**
   * Aborts the upload ({@code DELETE ?uploadId=}); S3 frees the parts.
   *
   * @param session an S3 session
   */
  @Override
  public void abort(UploadSession session) {
    calls.abort(session);
  }

  /**
   * Lists the parts S3 holds ({@code GET ?uploadId=}, 1,000 a page, every page).
   *
   * @param session an S3 session
   * @return the parts, ascending, with ETags and sizes
   */
  @Override
  public List<UploadedPart> listParts(UploadSession session) {
    return calls.listParts(session);
  }

  /**
   * A presigned URL that lets a client without credentials {@code PUT} one part (query-string
   * SigV4, {@code UNSIGNED-PAYLOAD}); the ETag in its response goes into {@link #complete}.
   *
   * @param session an S3 session
   * @param partNumber 1..10,000
   * @param expiry 1 second..7 days
   * @return the URL; treat it as a credential until it expires
   * @throws InvalidRequestException when the number or expiry is out of range
   */
  public URI presignPart(UploadSession session, int partNumber, Duration expiry) {
    URI uri = calls.presignablePartUri(session, partNumber, expiry, MAX_PRESIGN_EXPIRY);
    return signer.presign("PUT", uri, runtime.executor().now(), expiry.getSeconds());
  }

  /**
   * Lists the uploads in progress in this client's bucket under a key prefix ({@code GET
   * /?uploads&prefix=}, 1,000 a page, every page): to find orphans and {@link #abort} them.
   *
   * @param prefix a key prefix, empty for the whole bucket
   * @return the uploads, by key and start
   */
  @Override
  public List<io.unipart.PendingUpload> listUploads(String prefix) {
    return calls.listUploads(bucket, prefix);
  }

  /**
   * A part's payload as {@link PayloadSigning} asks. AUTO: over https, {@code Content-MD5}
   * ({@code UNSIGNED-PAYLOAD}, TLS guarding it), or with a flexible checksum one read with the
   * checksum in an aws-chunked trailer; over plain http the bytes need a signature, chunk by chunk
   * where the store takes aws-chunked bodies, else the whole part's SHA-256. A flexible checksum
   * never travels beside signed chunks: such a part is hashed first and the checksum sent in a
   * header.
   */
  static PartPayload payload(PayloadSigning signing, URI uri, boolean chunkedAllowed,
      boolean flexible) {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    PartPayload chosen = switch (signing) {
      case UNSIGNED -> PartPayload.CONTENT_MD5;
      case STREAMING -> PartPayload.SIGNED_CHUNKS;
      case SHA256 -> PartPayload.SHA256;
      default -> https ? PartPayload.CONTENT_MD5
          : chunkedAllowed ? PartPayload.SIGNED_CHUNKS : PartPayload.SHA256;
    };
    if (flexible && chosen == PartPayload.SIGNED_CHUNKS) {
      return PartPayload.SHA256;
    }
    if (flexible && chosen == PartPayload.CONTENT_MD5 && https && signing == PayloadSigning.AUTO
        && chunkedAllowed) {
      return PartPayload.UNSIGNED_TRAILER;
    }
    return chosen;
  }

  /**
   * The bucket this client is bound to.
   *
   * @return the bucket
   */
  public String bucket() {
    return bucket;
  }

  @Override
  public String toString() {
    return "S3MultipartClient{endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
        + '}';
  }

  /** Builds an {@link S3MultipartClient}. Not thread-safe. */
  public static final class Builder extends ClientBuilder<Builder> {
    private String endpoint;
    private String region;
    private String bucket;
    private Boolean pathStyle;
    private AwsCredentialsProvider credentials;
    private PayloadSigning payloadSigning = PayloadSigning.AUTO;
    private boolean jdcloud;
    private ChecksumAlgorithm checksumAlgorithm;
    private boolean checksumAlgorithmSet;
    private final List<ServerSideEncryption> customerKeys = new java.util.ArrayList<>();

    private Builder() {}

    /**
     * Gives the client an SSE-C customer key, for sessions started with it elsewhere (another
     * client, another process, a resume): their parts, complete, list and HEAD carry it. A session
     * records only the key's MD5; a client that starts an upload with a key holds it already.
     *
     * @param key {@link ServerSideEncryption#customerKey(byte[])}
     * @return this builder
     * @throws InvalidRequestException when the setting is not a customer key
     */
    public Builder customerKey(ServerSideEncryption key) {
      Objects.requireNonNull(key, "key");
      if (!key.isCustomerKey()) {
        throw new InvalidRequestException("customerKey", "must be an SSE-C key"
            + " (ServerSideEncryption.customerKey(..)), not " + key);
      }
      customerKeys.add(key);
      return this;
    }

    /**
     * Guards every part and the object with an S3 flexible checksum, checked by S3 and by the
     * client ({@link ChecksumAlgorithm}); null for none. Default: {@link ChecksumAlgorithm#CRC32}
     * for AWS endpoints ({@code *.amazonaws.com}), none elsewhere. Over https with {@link
     * PayloadSigning#AUTO} each part is read once, its checksum sent in an aws-chunked trailer
     * ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}); otherwise it is hashed first and sent in a
     * header.
     *
     * @param algorithm the algorithm, or null for none
     * @return this builder
     */
    public Builder checksumAlgorithm(ChecksumAlgorithm algorithm) {
      this.checksumAlgorithm = algorithm;
      this.checksumAlgorithmSet = true;
      return this;
    }

    /**
     * Sets how part bytes are protected; {@link PayloadSigning#AUTO} by default. Choose {@link
     * PayloadSigning#SHA256} for a store that refuses {@code UNSIGNED-PAYLOAD} or {@code
     * aws-chunked} bodies.
     *
     * @param signing the choice
     * @return this builder
     */
    public Builder payloadSigning(PayloadSigning signing) {
      this.payloadSigning = Objects.requireNonNull(signing, "signing");
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the endpoint: {@code host}, {@code host:port} or {@code scheme://host[:port]}. Without a
     * scheme, https; plain http only when the endpoint says {@code http://}.
     *
     * @param endpoint e.g. {@code https://s3.cn-north-1.jdcloud-oss.com}
     * @return this builder
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Sets the region used in the signature's scope.
     *
     * @param region e.g. {@code cn-north-1}
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * JDCloud OSS in a region: endpoint {@code https://s3.<region>.jdcloud-oss.com}. JDCloud
     * documents {@code aws-chunked} (chunk-signature) bodies as unsupported, so a client built
     * with this preset never sends one: {@link PayloadSigning#AUTO} signs a part's SHA-256 over
     * plain http, and {@link PayloadSigning#STREAMING} is refused.
     *
     * @param region e.g. {@code cn-north-1}
     * @return this builder
     */
    public Builder jdcloud(String region) {
      checkRegion(region);
      this.region = region;
      this.endpoint = "https://s3." + region + ".jdcloud-oss.com";
      this.jdcloud = true;
      return this;
    }

    /**
     * AWS S3 in a region: endpoint {@code https://s3.<region>.amazonaws.com}.
     *
     * @param region e.g. {@code eu-central-1}
     * @return this builder
     */
    public Builder aws(String region) {
      checkRegion(region);
      this.region = region;
      this.endpoint = "https://s3." + region + ".amazonaws.com";
      return this;
    }

    /**
     * Sets the bucket requests go to. Required.
     *
     * @param bucket the bucket name
     * @return this builder
     */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /**
     * Forces path-style ({@code true}) or virtual-hosted ({@code false}) addressing; by default
     * path-style is used for IP and localhost endpoints and for buckets that are not DNS names.
     *
     * @param pathStyle the addressing style
     * @return this builder
     */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /**
     * Signs with fixed credentials.
     *
     * @param credentials the credentials
     * @return this builder
     */
    public Builder credentials(AwsCredentials credentials) {
      this.credentials = AwsCredentialsProvider.of(credentials);
      return this;
    }

    /**
     * Signs with credentials asked for before every attempt (refreshing sources). Default: {@link
     * AwsCredentialsProvider#environment()}.
     *
     * @param credentials the provider
     * @return this builder
     */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Checks the settings and builds the client.
     *
     * @return the client; close it when done
     * @throws InvalidRequestException naming the setting that is missing or wrong
     */
    public S3MultipartClient build() {
      if (jdcloud && payloadSigning == PayloadSigning.STREAMING) {
        throw new InvalidRequestException("payloadSigning", "STREAMING sends aws-chunked bodies,"
            + " which JDCloud documents as unsupported; use AUTO, UNSIGNED or SHA256");
      }
      S3Endpoint parsed = S3Endpoint.of(secureBaseUrl("endpoint", endpoint), pathStyle);
      checkRegion(region);
      S3Endpoint.checkBucket(bucket);
      if (Boolean.FALSE.equals(pathStyle)) {
        parsed.objectUri(bucket, "probe", null);
      }
      AwsCredentialsProvider provider =
          credentials != null ? credentials : AwsCredentialsProvider.environment();
      SigV4Signer signer = SigV4Signer.forS3(region, provider);
      ClientRuntime runtime = buildRuntime(DIALECT, signer, S3Responses.CLASSIFIER);
      return new S3MultipartClient(this, parsed, signer, runtime);
    }

    private static void checkRegion(String region) {
      if (region == null || region.isEmpty()) {
        throw new InvalidRequestException("region", "is required");
      }
      if (!region.matches("[A-Za-z0-9-]{1,64}")) {
        throw new InvalidRequestException(
            "region", "must be letters, digits and '-' (was \"" + region + "\")");
      }
    }
  }
}
