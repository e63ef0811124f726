package io.unipart.s3;

import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.spi.ClientBuilder;
import io.unipart.spi.ClientRuntime;
import io.unipart.spi.DialectClient;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.InitiateResultXml;
import io.unipart.spi.RequestExecutor;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Starts multipart uploads on any S3-compatible store: JDCloud OSS, AWS S3, MinIO, Ceph, ...
 * ({@code POST /key?uploads}, AWS Signature V4, XML).
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
public final class S3MultipartClient extends DialectClient<S3InitiateRequest> {
  /** The dialect id in sessions. */
  public static final String DIALECT = "s3";

  private final S3Endpoint endpoint;
  private final String region;
  private final String bucket;

  private S3MultipartClient(Builder b, S3Endpoint endpoint, ClientRuntime runtime) {
    super(runtime);
    this.endpoint = endpoint;
    this.region = b.region;
    this.bucket = b.bucket;
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  protected S3InitiateRequest toTypedRequest(UploadRequest request) {
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
  @Override
  public UploadSession initiate(S3InitiateRequest request) {
    Objects.requireNonNull(request, "request");
    String target = request.bucket().orElse(bucket);
    RequestExecutor executor = executor();
    if (!executor.transport().preservesDotSegments() && hasDotSegment(request.key())) {
      throw new InvalidRequestException(
          "key",
          "has a '.' or '..' path segment, which OkHttp (the default transport) would resolve;"
              + " use JdkHttpTransport for such keys");
    }
    URI uri = endpoint.objectUri(target, request.key(), "uploads");
    HttpRequest.Builder http = HttpRequest.builder("POST", uri);
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      http.header(h.getKey(), h.getValue());
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
    return session.build();
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

    private Builder() {}

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
     * JDCloud OSS in a region: endpoint {@code https://s3.<region>.jdcloud-oss.com}.
     *
     * @param region e.g. {@code cn-north-1}
     * @return this builder
     */
    public Builder jdcloud(String region) {
      checkRegion(region);
      this.region = region;
      this.endpoint = "https://s3." + region + ".jdcloud-oss.com";
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
      S3Endpoint parsed = S3Endpoint.of(secureBaseUrl("endpoint", endpoint), pathStyle);
      checkRegion(region);
      S3Endpoint.checkBucket(bucket);
      if (Boolean.FALSE.equals(pathStyle)) {
        parsed.objectUri(bucket, "probe", null);
      }
      AwsCredentialsProvider provider =
          credentials != null ? credentials : AwsCredentialsProvider.environment();
      ClientRuntime runtime =
          buildRuntime(DIALECT, SigV4Signer.forS3(region, provider), S3Responses.CLASSIFIER);
      return new S3MultipartClient(this, parsed, runtime);
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
