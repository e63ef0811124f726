package io.unipart.s3;

/**
 * Which S3 implementation a client's preset named, where it differs from AWS in what it takes or
 * checks. Each difference is evidence: the provider's documentation (JDCloud), or what the store
 * conformance suite found the store doing (docs/COMPATIBILITY.md).
 */
enum S3Store {
  /** A plain endpoint: AWS's rules, fallbacks learnt from the store's refusals. */
  GENERIC(true, true, S3Rules.CAPABILITIES),
  /** JDCloud OSS: documents aws-chunked bodies as unsupported. */
  JDCLOUD(false, false, S3Rules.CAPABILITIES),
  /**
   * Ceph RADOS Gateway 16: takes signed aws-chunked bodies and checks their chunk signatures, but
   * refuses unsigned ones with a checksum trailer, and ignores flexible checksum headers.
   */
  CEPH(true, false, S3Rules.CAPABILITIES),
  /** OpenStack Swift's s3api: refuses aws-chunked bodies (501), at most 1,000 parts. */
  SWIFT(false, false, S3Rules.SWIFT_CAPABILITIES);

  /** Whether parts may be sent as signed aws-chunked bodies. */
  final boolean signedChunks;
  /** Whether a flexible checksum may travel in an unsigned aws-chunked trailer. */
  final boolean checksumTrailer;
  /** The part rules. */
  final io.unipart.UploadCapabilities capabilities;

  S3Store(boolean signedChunks, boolean checksumTrailer,
      io.unipart.UploadCapabilities capabilities) {
    this.signedChunks = signedChunks;
    this.checksumTrailer = checksumTrailer;
    this.capabilities = capabilities;
  }
}
