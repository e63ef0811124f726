package io.unipart.s3;

import io.unipart.internal.xml.XmlErrorClassifier;
import io.unipart.spi.ErrorClassifier;
import java.util.Set;

/** How S3 says no: its error codes sorted into authentication, clock skew, throttling, retryable. */
final class S3Responses {
  /** S3's own, besides the family's AccessDenied, SignatureDoesNotMatch, ... */
  static final Set<String> AUTHENTICATION_CODES =
      Set.of(
          "TokenRefreshRequired",
          "AllAccessDisabled",
          "AccountProblem",
          "InvalidSecurity",
          "AuthorizationHeaderMalformed");
  static final Set<String> CLOCK_SKEW_CODES =
      Set.of("RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture");
  static final Set<String> THROTTLING_CODES =
      Set.of(
          "SlowDown",
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestThrottled",
          "TooManyRequestsException",
          "RequestLimitExceeded",
          "BandwidthLimitExceeded",
          "ProvisionedThroughputExceededException");
  static final Set<String> RETRYABLE_CODES =
      Set.of(
          "InternalError",
          "RequestTimeout",
          "RequestTimeoutException",
          "ServiceUnavailable",
          "PriorRequestNotComplete");

  static final ErrorClassifier CLASSIFIER =
      XmlErrorClassifier.builder("S3")
          .requestIdHeader("x-amz-request-id")
          .authenticationCodes(AUTHENTICATION_CODES)
          .clockSkewCodes(CLOCK_SKEW_CODES)
          .throttlingCodes(THROTTLING_CODES)
          .retryableCodes(RETRYABLE_CODES)
          // A complete with If-None-Match: * finds the key taken (412), or lost a race for it
          // to another write (409: start the upload again).
          .conflictCodes(Set.of("PreconditionFailed", "ConditionalRequestConflict"))
          // The upload is gone. Some stores say NoSuchKey where S3 says NoSuchUpload; the client
          // sends no call to an object that answers with a body (HEAD only), so both mean this.
          .uploadNotFoundCodes(Set.of("NoSuchUpload", "NoSuchKey"))
          .bodyDetails("HostId", "Resource", "Endpoint", "Region", "ServerTime")
          .headerDetail("x-amz-id-2", "HostId")
          .headerDetail("x-amz-bucket-region", "BucketRegion")
          .build();

  private S3Responses() {}
}
