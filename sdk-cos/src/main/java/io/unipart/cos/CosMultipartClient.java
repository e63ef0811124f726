package io.unipart.cos;

import io.unipart.ClientBuilder;
import io.unipart.internal.ClientRuntime;
import io.unipart.internal.xml.XmlErrorClassifier;
import io.unipart.internal.xml.XmlMultipartProtocol;
import io.unipart.spi.ErrorClassifier;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Multipart uploads on Tencent Cloud COS, from start to complete or abort ({@code POST
 * /key?uploads}, {@code PUT ?partNumber=}, ...; COS's {@code q-sign-algorithm=sha1} signature,
 * {@code x-cos-*} headers, XML). {@link io.unipart.MultipartUploader} drives it for whole files.
 *
 * <pre>{@code
 * try (CosMultipartClient cos = CosMultipartClient.builder()
 *     .region("ap-beijing")
 *     .bucket("examplebucket-1250000000")
 *     .credentials(CosCredentials.of(secretId, secretKey))
 *     .build()) {
 *   UploadSession session = cos.initiate(UploadRequest.builder()
 *       .key("videos/intro.mp4").contentType("video/mp4").build());
 * }
 * }</pre>
 *
 * <p>How the neutral {@link UploadRequest} maps: {@code key} is the object key, {@code
 * contentType} is {@code Content-Type} (default {@code application/octet-stream}), {@code
 * metadata} becomes {@code x-cos-meta-*}, {@code overwrite(false)} becomes {@code
 * x-cos-forbid-overwrite: true}, and {@code contentLength} with {@code partSize} or {@code
 * partCount} are checked against COS's limits and recorded in the session. For storage class,
 * tags, ACLs, grants and encryption, use {@link CosInitiateRequest}.
 *
 * <p>Each attempt is signed afresh with a key time that starts {@link
 * Builder#clockSkewTolerance(Duration) a little in the past} and lasts {@link
 * Builder#signatureValidity(Duration)}. The client is thread-safe; share one.
 */
public final class CosMultipartClient implements MultipartClient {
  /** The dialect id in sessions. */
  public static final String DIALECT = "cos";

  /**
   * COS's part rules: 1 MiB (all but the last) to 5 GiB, at most 10,000, numbered from 1 without
   * gaps (complete refuses gaps with {@code InvalidPart}); abort and list parts are available.
   */
  static final UploadCapabilities CAPABILITIES =
      UploadCapabilities.builder()
          .partSize(CosRules.MIN_PART_SIZE, CosRules.MAX_PART_SIZE)
          .maxPartCount(CosRules.MAX_PARTS)
          .firstPartNumber(1)
          .consecutivePartNumbers(true)
          .canAbort(true)
          .canListParts(true)
          .conditionalComplete(true)
          .canListUploads(true)
          .build();

  static final ErrorClassifier CLASSIFIER =
      XmlErrorClassifier.builder("COS")
          .requestIdHeader("x-cos-request-id")
          .authenticationCodes(
              Set.of(
                  "AccessDenied",
                  "InvalidAccessKeyId",
                  "SignatureDoesNotMatch",
                  "ExpiredToken",
                  "InvalidToken",
                  "InvalidAuthorizationType",
                  "MissingSecurityHeader",
                  "UserNotFound"))
          .clockSkewCodes(Set.of("RequestTimeTooSkewed", "RequestExpired"))
          .throttlingCodes(Set.of("SlowDown", "ServerBusy"))
          .retryableCodes(Set.of("InternalError", "ServiceUnavailable", "RequestTimeout"))
          // x-cos-forbid-overwrite finding the key taken. COS's pages name no code for it;
          // these are the codes its S3-family peers use (OSS FileAlreadyExists, IBM COS
          // ObjectAlreadyExists, S3 PreconditionFailed).
          .conflictCodes(Set.of("FileAlreadyExists", "ObjectAlreadyExists", "PreconditionFailed"))
          .bodyDetails("Resource", "TraceId")
          .headerDetail("x-cos-trace-id", "TraceId")
          .build();

  private final CosEndpoint endpoint;
  private final String bucket;
  private final XmlMultipartProtocol calls;
  private final CosSigner signer;

  /** The longest a presigned part URL may last. */
  public static final Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);

  private final ClientRuntime runtime;

  private CosMultipartClient(CosEndpoint endpoint, String bucket, ClientRuntime runtime,
      List<CosServerSideEncryption> keys, CosSigner signer) {
    this.runtime = runtime;
    this.signer = signer;
    this.endpoint = endpoint;
    this.bucket = bucket;
    // SSE-C: COS documents the customer-key headers on Upload Part and on HEAD Object (the
    // object lookup after a retried complete); its Complete, List Parts and Abort pages list
    // none. Its Complete page lists x-cos-forbid-overwrite: checked again as the object is made.
    this.calls =
        XmlMultipartProtocol.builder(DIALECT, CAPABILITIES, endpoint, runtime.executor())
            .requestIdHeader("x-cos-request-id")
            .versionIdHeader("x-cos-version-id")
            .integrityChecksums(XmlMultipartProtocol.IntegrityChecksums.COS_CRC64)
            .customerKeys("x-cos-", EnumSet.of(XmlMultipartProtocol.Call.PART,
                XmlMultipartProtocol.Call.HEAD))
            .conditionalComplete("x-cos-forbid-overwrite", "true")
            .build();
    for (CosServerSideEncryption key : keys) {
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
   * Starts an upload from the neutral request, its fields mapped onto COS's as the class
   * comment says.
   *
   * @param request the neutral request
   * @return the session
   * @throws InvalidRequestException before any network call, when COS cannot honour a field
   */
  @Override
  public UploadSession initiate(UploadRequest request) {
    return initiate(CosInitiateRequest.builder(request).build());
  }

  @Override
  public CompletableFuture<UploadSession> initiateAsync(UploadRequest request) {
    return runtime.async(() -> initiate(request));
  }

  /**
   * Like {@link #initiate(CosInitiateRequest)}, on the client's async executor.
   *
   * @param request the COS request
   * @return a future completed with the session or an {@link io.unipart.UploadException}
   */
  public CompletableFuture<UploadSession> initiateAsync(CosInitiateRequest request) {
    return runtime.async(() -> initiate(request));
  }

  /** Releases the client's threads, and its transport unless the builder was given one. */
  @Override
  public void close() {
    runtime.close();
  }


  /**
   * Starts a multipart upload with every COS option.
   *
   * @param request the COS request
   * @return the session: dialect {@code cos}, destination the bucket
   * @throws InvalidRequestException before any network call, when a rule is broken
   * @throws io.unipart.ServiceException when COS says no
   * @throws io.unipart.TransportException when the network fails after retries
   */
  public UploadSession initiate(CosInitiateRequest request) {
    Objects.requireNonNull(request, "request");
    UploadRequest upload = request.upload();
    return calls.initiate(new XmlMultipartProtocol.Initiate(bucket, upload.key(),
        request.headers(), request.forbidOverwrite(), request.plannedPartSize(),
        upload.contentLength(), Map.of(), upload.deadline()));
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
   * COS's part rules: 1 MiB (every part but the last) to 5 GiB, at most 10,000 parts numbered
   * from 1 without gaps, abort and list parts available.
   *
   * @return the capabilities
   */
  @Override
  public UploadCapabilities capabilities() {
    return CAPABILITIES;
  }

  /**
   * Sends one part: a signed {@code PUT ?partNumber=&uploadId=} with {@code Content-MD5}, which
   * COS checks. The part is read from its source once to hash it and again to send it.
   *
   * @param session a COS session of this client's bucket
   * @param partNumber 1..10,000
   * @param content at most 5 GiB
   * @return the part with its ETag
   */
  @Override
  public UploadedPart uploadPart(UploadSession session, int partNumber, PartContent content) {
    return calls.uploadPart(session, partNumber, content);
  }

  /**
   * Completes the upload ({@code POST ?uploadId=} with the part list). The parts must be
   * numbered 1, 2, 3, ... without gaps, or this throws before any network call. A 200 that
   * carries an {@code <Error>} is a failure; a {@code NoSuchUpload} after a retry looks the object
   * up, since an earlier attempt may have completed it.
   *
   * @param session a COS session of this client's bucket
   * @param parts consecutive from 1, each with its ETag
   * @return the object with its ETag and location
   */
  @Override
  public UploadResult complete(UploadSession session, List<UploadedPart> parts) {
    return calls.complete(session, parts);
  }

  /**
   * Aborts the upload ({@code DELETE ?uploadId=}, answered 204); COS frees the parts.
   *
   * @param session a COS session of this client's bucket
   */
  @Override
  public void abort(UploadSession session) {
    calls.abort(session);
  }

  /**
   * Lists the parts COS holds ({@code GET ?uploadId=}, 1,000 a page, every page).
   *
   * @param session a COS session of this client's bucket
   * @return the parts, ascending, with ETags and sizes
   */
  @Override
  public List<UploadedPart> listParts(UploadSession session) {
    return calls.listParts(session);
  }

  /**
   * A URL that lets a client without credentials PUT one part: COS's pre-signed URL, the
   * signature in the query with {@code partNumber}, {@code uploadId} and the host signed. The
   * holder must send no other header COS would need signed. Not for SSE-C sessions, whose key
   * would have to travel with every PUT.
   *
   * @param session a COS session of this client's bucket
   * @param partNumber 1..10,000
   * @param expiry 1 second to 7 days
   * @return the URL
   * @throws InvalidRequestException before any signing, when an argument breaks a rule
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
   * The bucket this client is bound to.
   *
   * @return the bucket, {@code <name>-<APPID>}
   */
  public String bucket() {
    return bucket;
  }

  @Override
  public String toString() {
    return "CosMultipartClient{endpoint=" + endpoint + ", bucket=" + bucket + '}';
  }

  /** Builds a {@link CosMultipartClient}. Not thread-safe. */
  public static final class Builder extends ClientBuilder<Builder> {
    private String region;
    private String bucket;
    private String endpoint;
    private CosCredentialsProvider credentials;
    private Duration skewTolerance = Duration.ofSeconds(60);
    private Duration validity = Duration.ofMinutes(15);
    private final List<CosServerSideEncryption> customerKeys = new java.util.ArrayList<>();

    private Builder() {}

    /**
     * Gives the client an SSE-C customer key, for sessions started with it elsewhere (another
     * client, another process, a resume): their parts carry it. A session records only the key's
     * MD5; a client that starts an upload with a key holds it already.
     *
     * @param key {@link CosServerSideEncryption#customerKey(byte[])}
     * @return this builder
     * @throws InvalidRequestException when the setting is not a customer key
     */
    public Builder customerKey(CosServerSideEncryption key) {
      Objects.requireNonNull(key, "key");
      if (!key.isCustomerKey()) {
        throw new InvalidRequestException("customerKey", "must be an SSE-C key"
            + " (CosServerSideEncryption.customerKey(..)), not " + key);
      }
      customerKeys.add(key);
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Sets the region. Required.
     *
     * @param region e.g. {@code ap-beijing}
     * @return this builder
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Sets the bucket. Required.
     *
     * @param bucket {@code <name>-<APPID>}, e.g. {@code examplebucket-1250000000}
     * @return this builder
     */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /**
     * Overrides the domain, e.g. {@code https://cos.accelerate.myqcloud.com} for global
     * acceleration or a private endpoint; the bucket is put in front of the host unless it is
     * already there or the host is an IP address.
     *
     * @param endpoint {@code scheme://host[:port]}
     * @return this builder
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Signs with fixed credentials.
     *
     * @param credentials the credentials
     * @return this builder
     */
    public Builder credentials(CosCredentials credentials) {
      this.credentials = CosCredentialsProvider.of(credentials);
      return this;
    }

    /**
     * Signs with credentials asked for before every attempt. Default: {@link
     * CosCredentialsProvider#environment()}.
     *
     * @param credentials the provider
     * @return this builder
     */
    public Builder credentialsProvider(CosCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * How long each signature stays valid after it is made. Default 15 minutes.
     *
     * @param validity 1 second to 7 days
     * @return this builder
     */
    public Builder signatureValidity(Duration validity) {
      if (validity == null
          || validity.compareTo(Duration.ofSeconds(1)) < 0
          || validity.compareTo(Duration.ofDays(7)) > 0) {
        throw new InvalidRequestException("signatureValidity", "must be 1 s..7 days");
      }
      this.validity = validity;
      return this;
    }

    /**
     * How far in the past each signature's validity starts, so a server whose clock is behind
     * still accepts it. Default 60 seconds.
     *
     * @param tolerance 0 to 1 hour
     * @return this builder
     */
    public Builder clockSkewTolerance(Duration tolerance) {
      if (tolerance == null || tolerance.isNegative()
          || tolerance.compareTo(Duration.ofHours(1)) > 0) {
        throw new InvalidRequestException("clockSkewTolerance", "must be 0..1 hour");
      }
      this.skewTolerance = tolerance;
      return this;
    }

    /**
     * Checks the settings and builds the client.
     *
     * @return the client; close it when done
     * @throws InvalidRequestException naming the setting that is missing or wrong
     */
    public CosMultipartClient build() {
      CosEndpoint.checkRegion(region);
      CosEndpoint.checkBucket(bucket);
      CosEndpoint parsed = CosEndpoint.of(region, bucket,
          endpoint == null ? null : secureBaseUrl("endpoint", endpoint));
      CosCredentialsProvider provider =
          credentials != null ? credentials : CosCredentialsProvider.environment();
      CosSigner signer = new CosSigner(provider, skewTolerance, validity);
      ClientRuntime runtime = buildRuntime(DIALECT, signer, CLASSIFIER);
      return new CosMultipartClient(parsed, bucket, runtime, List.copyOf(customerKeys), signer);
    }
  }
}
