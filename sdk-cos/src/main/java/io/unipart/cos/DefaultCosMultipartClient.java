package io.unipart.cos;

import io.unipart.UploadRequest;
import io.unipart.internal.ClientRuntime;
import io.unipart.internal.xml.XmlErrorClassifier;
import io.unipart.internal.xml.XmlMultipartProtocol;
import io.unipart.internal.xml.XmlProtocolClient;
import io.unipart.spi.ErrorClassifier;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client behind {@link CosMultipartClient}: COS's headers, error codes, CRC64 checks and
 * URL signing on the shared XML protocol.
 */
final class DefaultCosMultipartClient extends XmlProtocolClient<CosInitiateRequest>
    implements CosMultipartClient {
  static final ErrorClassifier CLASSIFIER =
      XmlErrorClassifier.builder("COS")
          .requestIdHeader("x-cos-request-id")
          // COS's own, besides the family's AccessDenied, SignatureDoesNotMatch, ...
          .authenticationCodes(
              Set.of("InvalidAuthorizationType", "MissingSecurityHeader", "UserNotFound"))
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

  DefaultCosMultipartClient(CosEndpoint endpoint, String bucket, ClientRuntime runtime,
      List<CosServerSideEncryption> keys, CosSigner signer) {
    this(endpoint, bucket, runtime, keys, signer, protocol(endpoint, runtime));
  }

  private DefaultCosMultipartClient(CosEndpoint endpoint, String bucket, ClientRuntime runtime,
      List<CosServerSideEncryption> keys, CosSigner signer, XmlMultipartProtocol calls) {
    super(DIALECT, CosRules.CAPABILITIES, bucket, MAX_PRESIGN_EXPIRY, runtime, calls,
        signer::presign);
    this.endpoint = endpoint;
    for (CosServerSideEncryption key : keys) {
      calls.learnCustomerKey(key.headers());
    }
  }

  /**
   * SSE-C: COS documents the customer-key headers on Upload Part and on HEAD Object (the object
   * lookup after a retried complete); its Complete, List Parts and Abort pages list none. Its
   * Complete page lists x-cos-forbid-overwrite: checked again as the object is made.
   */
  private static XmlMultipartProtocol protocol(CosEndpoint endpoint, ClientRuntime runtime) {
    return XmlMultipartProtocol.builder(DIALECT, CosRules.CAPABILITIES, endpoint,
            runtime.executor())
        .requestIdHeader("x-cos-request-id")
        .versionIdHeader("x-cos-version-id")
        .integrityChecksums(XmlMultipartProtocol.IntegrityChecksums.COS_CRC64)
        .customerKeys("x-cos-", EnumSet.of(XmlMultipartProtocol.Call.PART,
            XmlMultipartProtocol.Call.HEAD))
        .conditionalComplete("x-cos-forbid-overwrite", "true")
        .build();
  }

  @Override
  protected CosInitiateRequest typed(UploadRequest request) {
    return CosInitiateRequest.builder(request).build();
  }

  @Override
  protected Map<String, String> initiateHeaders(CosInitiateRequest request) {
    return request.headers();
  }

  @Override
  public String toString() {
    return "CosMultipartClient{endpoint=" + endpoint + ", bucket=" + bucket() + '}';
  }
}
