package io.unipart.s3;

import io.unipart.UploadRequest;
import io.unipart.internal.ClientRuntime;
import io.unipart.internal.xml.PartPayload;
import io.unipart.internal.xml.StoreChecks;
import io.unipart.internal.xml.XmlMultipartProtocol;
import io.unipart.internal.xml.XmlProtocolClient;
import java.net.URI;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client behind {@link S3MultipartClient}: S3's headers, flexible checksums, payload choice
 * and SigV4 URL signing on the shared XML protocol.
 */
final class DefaultS3MultipartClient extends XmlProtocolClient<S3InitiateRequest>
    implements S3MultipartClient {
  private final S3Endpoint endpoint;
  private final String region;
  private final ChecksumAlgorithm checksumAlgorithm;

  DefaultS3MultipartClient(
      S3MultipartClient.Builder b, S3Endpoint endpoint, SigV4Signer signer, ClientRuntime runtime) {
    this(b, endpoint, signer, runtime, protocol(b, endpoint, runtime));
  }

  private DefaultS3MultipartClient(S3MultipartClient.Builder b, S3Endpoint endpoint,
      SigV4Signer signer, ClientRuntime runtime, XmlMultipartProtocol calls) {
    super(DIALECT, b.store.capabilities(endpoint), b.bucket, MAX_PRESIGN_EXPIRY, runtime, calls,
        signer::presign);
    this.endpoint = endpoint;
    this.region = b.region;
    this.checksumAlgorithm = b.checksumAlgorithmSet ? b.checksumAlgorithm
        : endpoint.isAws() ? ChecksumAlgorithm.CRC32 : null;
    for (ServerSideEncryption key : b.customerKeys) {
      calls.learnCustomerKey(key.headers());
    }
  }

  /**
   * SSE-C: AWS requires the customer key on UploadPart, and takes it on CompleteMultipartUpload,
   * ListParts and HeadObject (needed there for objects with checksums, and for HEAD of any SSE-C
   * object), as AWS's own multipart client sends it; AbortMultipartUpload has no such headers.
   */
  private static XmlMultipartProtocol protocol(
      S3MultipartClient.Builder b, S3Endpoint endpoint, ClientRuntime runtime) {
    PayloadSigning signing = b.payloadSigning;
    S3Store store = b.store;
    return XmlMultipartProtocol.builder(DIALECT, store.capabilities(endpoint), endpoint,
        runtime.executor())
        .requestIdHeader("x-amz-request-id")
        .payloadHashHeader("x-amz-content-sha256")
        .payloads((uri, flexible) -> payload(signing, uri, store, flexible),
            AwsChunkedEncoding.BODIES)
        .integrityChecksums(XmlMultipartProtocol.IntegrityChecksums.S3_FLEXIBLE)
        .customerKeys("x-amz-", EnumSet.of(XmlMultipartProtocol.Call.PART,
            XmlMultipartProtocol.Call.COMPLETE, XmlMultipartProtocol.Call.LIST,
            XmlMultipartProtocol.Call.HEAD))
        .conditionalComplete("If-None-Match", "*")
        .md5Etags(true)
        // AWS documents SSE-C and enforces it; any other store proves it before the data goes.
        .proveCustomerKeys(!endpoint.isAws())
        // AWS checks If-None-Match on complete; Ceph RGW 16 ignores it and replaces the object.
        .lookBeforeConditionalComplete(!endpoint.isAws())
        // SSE-S3 and SSE-KMS leave only the store's word: AWS gives it on initiate.
        .encryptionConfirmedBy("x-amz-server-side-encryption")
        // Which payloads the store checks: AWS documents all; a preset carries what the store
        // conformance suite found; any other endpoint is probed, unless the caller vouches.
        .storeChecks(endpoint.isAws() || !b.probeStoreChecks && store.checks.probe()
            ? StoreChecks.documented() : store.checks)
        .build();
  }

  @Override
  protected S3InitiateRequest typed(UploadRequest request) {
    return S3InitiateRequest.builder(request).build();
  }

  @Override
  protected String bucketFor(S3InitiateRequest request) {
    return request.bucket().orElse(bucket());
  }

  @Override
  protected Map<String, String> initiateHeaders(S3InitiateRequest request) {
    Map<String, String> headers = request.headers();
    if (checksumAlgorithm != null) {
      headers = new LinkedHashMap<>(headers);
      headers.put("x-amz-checksum-algorithm", checksumAlgorithm.name());
      headers.put("x-amz-checksum-type", checksumAlgorithm.checksumType());
    }
    return headers;
  }

  @Override
  protected Map<String, String> sessionHandles(S3InitiateRequest request) {
    return checksumAlgorithm == null ? Map.of()
        : Map.of(XmlMultipartProtocol.CHECKSUM_ALGORITHM_HANDLE, checksumAlgorithm.name());
  }

  /**
   * A part's payload as {@link PayloadSigning} asks. AUTO: over https, {@code UNSIGNED-PAYLOAD}
   * with TLS guarding it and the part's MD5 taken as it streams, held to the ETag (one read); with
   * a flexible checksum, the checksum in an aws-chunked trailer (one read); over plain http the
   * bytes need a signature, chunk by chunk where the store takes aws-chunked bodies, else the
   * whole part's SHA-256. A flexible checksum never travels beside signed chunks: such a part is
   * hashed first and the checksum sent in a header.
   */
  static PartPayload payload(PayloadSigning signing, URI uri, S3Store store,
      boolean flexible) {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    PartPayload chosen = switch (signing) {
      case UNSIGNED -> PartPayload.CONTENT_MD5;
      case STREAMING -> PartPayload.SIGNED_CHUNKS;
      case SHA256 -> PartPayload.SHA256;
      default -> https ? PartPayload.STREAMED_MD5
          : store.signedChunks ? PartPayload.SIGNED_CHUNKS : PartPayload.SHA256;
    };
    if (flexible && chosen == PartPayload.SIGNED_CHUNKS) {
      return PartPayload.SHA256;
    }
    if (flexible && chosen == PartPayload.STREAMED_MD5) {
      return store.checksumTrailer ? PartPayload.UNSIGNED_TRAILER : PartPayload.CONTENT_MD5;
    }
    return chosen;
  }

  @Override
  public String toString() {
    return "S3MultipartClient{endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket()
        + '}';
  }
}
