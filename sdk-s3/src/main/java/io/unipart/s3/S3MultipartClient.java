package io.unipart.s3;

import io.unipart.ClientBuilder;
import io.unipart.internal.ClientRuntime;
import io.unipart.internal.PercentEncoding;
import io.unipart.internal.RequestExecutor;
import io.unipart.internal.xml.CustomerKeys;
import io.unipart.internal.xml.InitiateResultXml;
import io.unipart.internal.xml.XmlMultipartProtocol;
import io.unipart.spi.HttpRequest;
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
  private final CustomerKeys customerKeys = new CustomerKeys("x-amz-");
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
    this.calls =
        XmlMultipartProtocol.builder(DIALECT, CAPABILITIES, this::objectUri)
            .requestIdHeader("x-amz-request-id")
            .payloadHashHeader("x-amz-content-sha256")
            .streamingPayload(AwsChunkedEncoding.STREAMING_PAYLOAD)
            .payloadModes(uri -> payloadMode(signing, uri, chunkedAllowed))
            .sessionHeaders(this::sessionHeaders)
            .integrityChecksums(XmlMultipartProtocol.IntegrityChecksums.S3_FLEXIBLE,
                signing == PayloadSigning.AUTO && chunkedAllowed
                    ? AwsChunkedEncoding::trailerBody : null)
            .build();
    this.checksumAlgorithm = b.checksumAlgorithmSet ? b.checksumAlgorithm
        : endpoint.isAws() ? ChecksumAlgorithm.CRC32 : null;
    for (ServerSideEncryption key : b.customerKeys) {
      customerKeys.learn(key.headers());
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
   * Starts an upload from the neutral request, mapped as the class comment says.
   *
   * @param request the neutral request
   * @return the session
   * @throws InvalidRequestException before any network call, when a field cannot be honoured
   */
  @Override
  public UploadSession initiate(UploadRequest request) {
    return initiate(typed(Objects.requireNonNull(request, "request")));
  }

  @Override
  public CompletableFuture<UploadSession> initiateAsync(UploadRequest request) {
    return runtime.async(() -> initiate(request));
  }

  /**
   * Like {@link #initiate(S3InitiateRequest)}, on the client's async executor.
   *
   * @param request the typed request
   * @return a future completed with the session or an {@link io.unipart.UploadException}
   */
  public CompletableFuture<UploadSession> initiateAsync(S3InitiateRequest request) {
    return runtime.async(() -> initiate(request));
  }

  /** Releases the client's threads, and its transport unless one was passed to the builder. */
  @Override
  public void close() {
    runtime.close();
  }

  private S3InitiateRequest typed(UploadRequest request) {
    return S3InitiateRequest.from(request);
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
    String target = request.bucket().orElse(bucket);
    RequestExecutor executor = runtime.executor();
    URI uri = objectUri(target, request.key(), "uploads");
    HttpRequest.Builder http = HttpRequest.builder("POST", uri);
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      http.header(h.getKey(), h.getValue());
    }
    if (checksumAlgorithm != null) {
      http.header("x-amz-checksum-algorithm", checksumAlgorithm.name())
          .header("x-amz-checksum-type", checksumAlgorithm.checksumType());
    }
    InitiateResultXml result =
        executor.execute(
            http.build(),
            response -> InitiateResultXml.parse(response, request.key(), "x-amz-request-id"),
            request.deadline().orElse(null));
    UploadSession.Builder session =
        UploadSession.builder()
            .dialect(DIALECT)
            .uploadId(result.uploadId())
            .destination(target)
            .key(request.key())
            .requestId(result.requestId())
            .initiatedAt(executor.now());
    request.partSize().ifPresent(session::partSize);
    request.contentLength().ifPresent(session::contentLength);
    customerKeys.learn(request.headers()).forEach(session::handle);
    if (request.forbidOverwrite()) {
      session.handle(FORBID_OVERWRITE_HANDLE, "true");
    }
    if (checksumAlgorithm != null) {
      session.handle(XmlMultipartProtocol.CHECKSUM_ALGORITHM_HANDLE, checksumAlgorithm.name());
    }
    return session.build();
  }

  /**
   * SSE-C: AWS requires the customer key on UploadPart, and takes it on CompleteMultipartUpload,
   * ListParts and HeadObject (needed there for objects with checksums, and for HEAD of any SSE-C
   * object), as AWS's own multipart client sends it; AbortMultipartUpload has no such headers.
   */
  private Map<String, String> sessionHeaders(UploadSession session, XmlMultipartProtocol.Call call) {
    if (call == XmlMultipartProtocol.Call.ABORT) {
      return Map.of();
    }
    Map<String, String> headers = customerKeys.headersFor(session);
    if (call == XmlMultipartProtocol.Call.COMPLETE
        && "true".equals(session.handles().get(FORBID_OVERWRITE_HANDLE))) {
      headers = new java.util.LinkedHashMap<>(headers);
      headers.put("If-None-Match", "*");
    }
    return headers;
  }

  /** The session handle that makes complete conditional ({@code overwrite(false)}). */
  static final String FORBID_OVERWRITE_HANDLE = "forbidOverwrite";

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
    return calls.uploadPart(runtime.executor(), session, partNumber, content);
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
    return calls.complete(runtime.executor(), session, parts);
  }

  /**
   * Aborts the upload ({@code DELETE ?uploadId=}); S3 frees the parts.
   *
   * @param session an S3 session
   */
  @Override
  public void abort(UploadSession session) {
    calls.abort(runtime.executor(), session);
  }

  /**
   * Lists the parts S3 holds ({@code GET ?uploadId=}, 1,000 a page, every page).
   *
   * @param session an S3 session
   * @return the parts, ascending, with ETags and sizes
   */
  @Override
  public List<UploadedPart> listParts(UploadSession session) {
    return calls.listParts(runtime.executor(), session);
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
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(expiry, "expiry");
    if (!DIALECT.equals(session.dialect())) {
      throw new InvalidRequestException(
          "session", "is a " + session.dialect() + " upload; this client speaks " + DIALECT);
    }
    if (partNumber < 1 || partNumber > S3InitiateRequest.MAX_PARTS) {
      throw new InvalidRequestException(
          "partNumber", "must be 1.." + S3InitiateRequest.MAX_PARTS + " (was " + partNumber + ")");
    }
    if (expiry.getSeconds() < 1 || expiry.compareTo(MAX_PRESIGN_EXPIRY) > 0) {
      throw new InvalidRequestException(
          "expiry", "must be 1 second..7 days (was " + expiry + ")");
    }
    CustomerKeys.checkPresignable(session);
    URI uri = objectUri(session.destination(), session.key(),
        "partNumber=" + partNumber + "&uploadId=" + PercentEncoding.encode(session.uploadId()));
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
    return calls.listUploads(runtime.executor(), bucket, query -> endpoint.bucketUri(bucket, query),
        prefix);
  }

  static XmlMultipartProtocol.PayloadMode payloadMode(PayloadSigning signing, URI uri,
      boolean chunkedAllowed) {
    switch (signing) {
      case UNSIGNED:
        return XmlMultipartProtocol.PayloadMode.CONTENT_MD5;
      case STREAMING:
        return XmlMultipartProtocol.PayloadMode.STREAMING;
      case SHA256:
        return XmlMultipartProtocol.PayloadMode.SHA256;
      default:
        if ("https".equalsIgnoreCase(uri.getScheme())) {
          return XmlMultipartProtocol.PayloadMode.CONTENT_MD5;
        }
        // Over plain http the bytes need a signature: chunk by chunk where the store takes
        // aws-chunked bodies, else the whole part's SHA-256.
        return chunkedAllowed ? XmlMultipartProtocol.PayloadMode.STREAMING
            : XmlMultipartProtocol.PayloadMode.SHA256;
    }
  }

  private URI objectUri(String targetBucket, String key, String rawQuery) {
    if (!runtime.executor().transport().preservesDotSegments() && hasDotSegment(key)) {
      throw new InvalidRequestException(
          "key",
          "has a '.' or '..' path segment, which OkHttp (the default transport) would resolve;"
              + " use JdkHttpTransport for such keys");
    }
    return endpoint.objectUri(targetBucket, key, rawQuery);
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

  static boolean hasDotSegment(String key) {
    for (String segment : key.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
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
