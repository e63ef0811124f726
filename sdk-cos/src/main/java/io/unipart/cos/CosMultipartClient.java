package io.unipart.cos;

import io.unipart.ClientBuilder;
import io.unipart.InvalidRequestException;
import io.unipart.PartPresigner;
import io.unipart.TypedMultipartClient;
import io.unipart.UploadRequest;
import io.unipart.internal.ClientRuntime;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
 * <p>What each call sends: {@code uploadPart} is a signed {@code PUT ?partNumber=&uploadId=} with
 * {@code Content-MD5}, which COS checks (the part is read once to hash it and again to send it);
 * {@code complete} needs parts numbered 1, 2, 3, ... without gaps or throws before any network
 * call, treats a 200 carrying {@code <Error>} as a failure and, after a retried {@code
 * NoSuchUpload}, looks the object up; {@code listParts} and {@code listUploads} read every page of
 * 1,000; {@code abort} is answered 204 and frees the parts; {@link #presignPart} puts the
 * signature in the query with {@code partNumber}, {@code uploadId} and the host signed, not for
 * SSE-C sessions, whose key would have to travel with every PUT.
 *
 * <p>Each attempt is signed afresh with a key time that starts {@link
 * Builder#clockSkewTolerance(Duration) a little in the past} and lasts {@link
 * Builder#signatureValidity(Duration)}. The client is thread-safe; share one.
 */
public interface CosMultipartClient
    extends TypedMultipartClient<CosInitiateRequest>, PartPresigner {
  /** The dialect id in sessions. */
  String DIALECT = "cos";

  /** The longest a presigned part URL may last. */
  Duration MAX_PRESIGN_EXPIRY = Duration.ofDays(7);

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * The bucket this client is bound to.
   *
   * @return {@code <name>-<APPID>}
   */
  String bucket();

  /** Builds a {@link CosMultipartClient}. Not thread-safe. */
  final class Builder extends ClientBuilder<Builder> {
    private String region;
    String bucket;
    private String endpoint;
    private CosCredentialsProvider credentials;
    Duration skewTolerance = Duration.ofSeconds(60);
    Duration validity = Duration.ofMinutes(15);
    final List<CosServerSideEncryption> customerKeys = new java.util.ArrayList<>();

    private Builder() {}

    /**
     * Gives the client an SSE-C customer key, for sessions started with it elsewhere (another
     * client, another process, a resume): their parts carry it. A session records only the key's
     * MD5; a client that starts an upload with a key holds it already.
     *
     * @param key {@link CosServerSideEncryption#customerKey(byte[])}
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
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * Sets the bucket. Required.
     *
     * @param bucket {@code <name>-<APPID>}, e.g. {@code examplebucket-1250000000}
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
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Signs with fixed credentials.
     *
     * @param credentials the credentials
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
     */
    public Builder credentialsProvider(CosCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * How long each signature stays valid after it is made. Default 15 minutes.
     *
     * @param validity 1 second to 7 days
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
      ClientRuntime runtime = buildRuntime(DIALECT, signer, DefaultCosMultipartClient.CLASSIFIER);
      return new DefaultCosMultipartClient(parsed, bucket, runtime, List.copyOf(customerKeys), signer);
    }
  }
}
