package io.unipart.s3;

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
 * session; {@code overwrite(false)} makes complete conditional ({@code If-None-Match: *}). For
 * storage class, SSE, ACL, tags and the other headers, use {@link S3InitiateRequest}.
 *
 * <p>What each call sends: {@code uploadPart} is a signed {@code PUT ?partNumber=&uploadId=}, its
 * bytes protected as {@link Builder#payloadSigning(PayloadSigning)} says (by default, over https
 * {@code UNSIGNED-PAYLOAD}, read once, its MD5 held to the ETag, or one read with the flexible
 * checksum in an aws-chunked trailer; over plain http {@code aws-chunked} with every 128 KiB chunk
 * signed);
 * {@code complete} posts the part list, treats a 200 carrying {@code <Error>} as a failure
 * (retried when its code is retryable) and, after a retried {@code NoSuchUpload}, looks the
 * object up, since an earlier attempt may have completed it; {@code listParts} and {@code
 * listUploads} read every page of 1,000; {@code abort} frees the parts; {@link
 * #presignPart} signs a part URL in the query (SigV4, {@code UNSIGNED-PAYLOAD}, at most {@link
 * #MAX_PRESIGN_EXPIRY}).
 *
 * <p>Addressing is virtual-hosted ({@code bucket.host}) unless the endpoint is an IP address or
 * {@code localhost}, the bucket is not a DNS name, or {@link Builder#pathStyle(boolean)} says
 * otherwise. The client is thread-safe; share one.
 */
public interface S3MultipartClient
    extends TypedMultipartClient<S3InitiateRequest>, PartPresigner {
  /** The dialect id in sessions. */
  String DIALECT = "s3";

  /** The longest a presigned URL may live: 7 days. */
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
   * The bucket this client is bound to; a typed request may name another.
   *
   * @return the bucket
   */
  String bucket();

  /** Builds an {@link S3MultipartClient}. Not thread-safe. */
  final class Builder extends ClientBuilder<Builder> {
    private String endpoint;
    String region;
    String bucket;
    private Boolean pathStyle;
    private AwsCredentialsProvider credentials;
    PayloadSigning payloadSigning = PayloadSigning.AUTO;
    S3Store store = S3Store.GENERIC;
    boolean probeStoreChecks = true;
    ChecksumAlgorithm checksumAlgorithm;
    boolean checksumAlgorithmSet;
    final List<ServerSideEncryption> customerKeys = new java.util.ArrayList<>();

    private Builder() {}

    /**
     * Gives the client an SSE-C customer key, for sessions started with it elsewhere (another
     * client, another process, a resume): their parts, complete, list and HEAD carry it. A session
     * records only the key's MD5; a client that starts an upload with a key holds it already.
     *
     * @param key {@link ServerSideEncryption#customerKey(byte[])}
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
     */
    public Builder payloadSigning(PayloadSigning signing) {
      this.payloadSigning = Objects.requireNonNull(signing, "signing");
      return this;
    }

    /**
     * Whether a client of a plain {@link #endpoint} first proves which part checks the store
     * makes; true by default. Some S3-compatible stores take a wrong {@code Content-MD5}, signed
     * SHA-256 or chunk signature with a 200, so their answer proves nothing. Before its first
     * part, the client sends a small probe upload beside the upload's key, one part with a wrong
     * value (which must be refused) and then right, and aborts it: four calls, once per client
     * and payload. Where the store does not check the payload, each part's ETag is held to the
     * MD5 of its bytes instead, and a warning says so once. {@link
     * io.unipart.UploadResult#partChecks()} says which check the parts had.
     *
     * <p>{@code false} takes the store's checks on trust, as for AWS ({@link #aws}) and JDCloud,
     * whose documentation is the evidence; the presets {@link #ceph} and {@link #swift} carry
     * what the store conformance suite found.
     *
     * @param probe whether to probe
     */
    public Builder probeStoreChecks(boolean probe) {
      this.probeStoreChecks = probe;
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
     */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /**
     * Sets the region used in the signature's scope.
     *
     * @param region e.g. {@code cn-north-1}
     */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /**
     * JDCloud OSS in a region: endpoint {@code https://s3.<region>.jdcloud-oss.com}. JDCloud
     * does not document {@code aws-chunked} (chunk-signature) bodies, so a client built
     * with this preset never sends one ({@link PayloadSigning#STREAMING} is refused), and it
     * counts only the part check JDCloud documents, Content-MD5: with {@link
     * PayloadSigning#AUTO} each part's ETag is held to the MD5 of its bytes, or, where it is not
     * one, the part goes with Content-MD5.
     *
     * @param region e.g. {@code cn-north-1}
     */
    public Builder jdcloud(String region) {
      checkRegion(region);
      this.region = region;
      this.endpoint = "https://s3." + region + ".jdcloud-oss.com";
      this.store = S3Store.JDCLOUD;
      return this;
    }

    /**
     * Ceph RADOS Gateway at this endpoint (the region defaults to {@code us-east-1}; RGW takes
     * any in signatures). What RGW 16.2 does, as the store conformance suite found it (see
     * docs/COMPATIBILITY.md): it checks {@code Content-MD5}, signed payload hashes and chunk
     * signatures, enforces SSE-C, but ignores flexible checksum headers, refuses unsigned
     * aws-chunked bodies with a checksum trailer and ignores {@code If-None-Match} on complete.
     * So a client with this preset sends a flexible checksum in a header beside {@code
     * Content-MD5} (which RGW checks), never in a trailer, and {@code overwrite(false)} looks the
     * object up before complete.
     *
     * @param endpoint e.g. {@code https://rgw.internal:7480}
     */
    public Builder ceph(String endpoint) {
      this.endpoint = endpoint;
      this.store = S3Store.CEPH;
      return this;
    }

    /**
     * OpenStack Swift's S3 API (s3api) at this endpoint (the region defaults to {@code
     * us-east-1}, s3api's {@code location}). What Swift 2.30 does, as the store conformance suite
     * found it (see docs/COMPATIBILITY.md): it refuses aws-chunked bodies (501), so none is sent
     * (over plain http a part's SHA-256 is signed, which it checks); it takes at most 1,000 parts
     * (its {@code max_upload_part_num} default), which the part plan keeps to; it ignores flexible
     * checksum headers and refuses them in complete (400 {@code MalformedXML}), so {@link
     * #checksumAlgorithm} is refused with this preset; and it ignores SSE-C, so an SSE-C upload is
     * refused before any data is sent.
     *
     * @param endpoint e.g. {@code http://swift-proxy:8080}
     */
    public Builder swift(String endpoint) {
      this.endpoint = endpoint;
      this.store = S3Store.SWIFT;
      return this;
    }

    /**
     * MinIO at this endpoint, as its documentation describes a default server: path-style
     * addressing (virtual-hosted only once {@code MINIO_DOMAIN} is set; call {@link #pathStyle}
     * then) and region {@code us-east-1} (its {@code MINIO_SITE_REGION} default). MinIO could not
     * be run where the store conformance suite runs (no Docker, no Go module proxy), and its
     * documentation does not say which part checks it makes, so none is taken on trust: as for
     * any plain endpoint, the client probes them once (see {@link #probeStoreChecks}).
     *
     * @param endpoint e.g. {@code http://minio:9000}
     */
    public Builder minio(String endpoint) {
      this.endpoint = endpoint;
      this.store = S3Store.MINIO;
      return this;
    }

    /**
     * AWS S3 in a region: endpoint {@code https://s3.<region>.amazonaws.com}.
     *
     * @param region e.g. {@code eu-central-1}
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
     */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /**
     * Signs with fixed credentials.
     *
     * @param credentials the credentials
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
      if (!store.signedChunks && payloadSigning == PayloadSigning.STREAMING) {
        throw new InvalidRequestException("payloadSigning", "STREAMING sends aws-chunked bodies,"
            + " which " + (store == S3Store.JDCLOUD ? "JDCloud does not document"
                : "Swift's s3api refuses") + "; use AUTO, UNSIGNED or SHA256");
      }
      if (store == S3Store.SWIFT && checksumAlgorithm != null) {
        throw new InvalidRequestException("checksumAlgorithm", "cannot be used with Swift's"
            + " s3api, which ignores checksum headers and refuses checksums in complete (400"
            + " MalformedXML); parts are checked by Content-MD5 or their signed SHA-256 instead");
      }
      if (region == null && (store == S3Store.CEPH || store == S3Store.SWIFT
          || store == S3Store.MINIO)) {
        region = "us-east-1";
      }
      S3Endpoint parsed = S3Endpoint.of(secureBaseUrl("endpoint", endpoint),
          pathStyle == null && store == S3Store.MINIO ? Boolean.TRUE : pathStyle);
      checkRegion(region);
      S3Endpoint.checkBucket(bucket);
      if (Boolean.FALSE.equals(pathStyle)) {
        parsed.objectUri(bucket, "probe", null);
      }
      AwsCredentialsProvider provider =
          credentials != null ? credentials : AwsCredentialsProvider.environment();
      SigV4Signer signer = SigV4Signer.forS3(region, provider);
      ClientRuntime runtime = buildRuntime(DIALECT, signer, S3Responses.CLASSIFIER);
      return new DefaultS3MultipartClient(this, parsed, signer, runtime);
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
