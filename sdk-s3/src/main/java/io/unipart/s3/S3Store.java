package io.unipart.s3;

import io.unipart.internal.xml.PartPayload;
import io.unipart.internal.xml.StoreChecks;
import java.util.EnumSet;

/**
 * Which S3 implementation a client's preset named, where it differs from AWS in what it takes or
 * checks. Each difference is evidence: the provider's documentation (JDCloud), or what the store
 * conformance suite found the store doing (docs/COMPATIBILITY.md).
 */
enum S3Store {
  /**
   * A plain endpoint: AWS's rules, fallbacks learnt from the store's refusals, and which payloads
   * it checks learnt by a probe (AWS itself: from its documentation).
   */
  GENERIC(true, true, S3Rules.CAPABILITIES, StoreChecks.probed()),
  /**
   * MinIO, from its documentation: path-style and {@code us-east-1} by default; AWS's payloads.
   * Not run here, and its documentation does not list the checks it makes: they are probed.
   */
  MINIO(true, true, S3Rules.CAPABILITIES, StoreChecks.probed()),
  /**
   * JDCloud OSS: its documentation says it checks a part's Content-MD5 and names no other check
   * (it signs with AWS Signature V4, but does not say it checks the signed payload hash). It
   * documents neither aws-chunked bodies nor checksum trailers: none is sent.
   */
  JDCLOUD(false, false, S3Rules.CAPABILITIES, StoreChecks.documented(EnumSet.of(
      PartPayload.CONTENT_MD5))),
  /**
   * Ceph RADOS Gateway 16: takes signed aws-chunked bodies and checks their chunk signatures, but
   * refuses unsigned ones with a checksum trailer, and ignores flexible checksum headers; checks
   * Content-MD5 and a signed SHA-256; takes parts of growing sizes.
   */
  CEPH(true, false, S3Rules.MIXED_SIZES, StoreChecks.found(EnumSet.of(PartPayload.CONTENT_MD5,
      PartPayload.SHA256, PartPayload.SIGNED_CHUNKS))),
  /**
   * OpenStack Swift's s3api: refuses aws-chunked bodies (501), at most 1,000 parts; checks
   * Content-MD5 and a signed SHA-256.
   */
  SWIFT(false, false, S3Rules.SWIFT_CAPABILITIES, StoreChecks.found(EnumSet.of(
      PartPayload.CONTENT_MD5, PartPayload.SHA256)));

  /** Whether parts may be sent as signed aws-chunked bodies. */
  final boolean signedChunks;
  /** Whether a flexible checksum may travel in an unsigned aws-chunked trailer. */
  final boolean checksumTrailer;
  /** The part rules. */
  final io.unipart.UploadCapabilities capabilities;

  /**
   * The part rules at this endpoint: AWS itself (a plain endpoint on {@code *.amazonaws.com})
   * takes parts of different sizes, as its limits are per part.
   */
  io.unipart.UploadCapabilities capabilities(S3Endpoint endpoint) {
    return this == GENERIC && endpoint.isAws() ? S3Rules.MIXED_SIZES : capabilities;
  }

  /** Which part payloads the store is known to check, or that it is to be probed. */
  final StoreChecks checks;

  S3Store(boolean signedChunks, boolean checksumTrailer,
      io.unipart.UploadCapabilities capabilities, StoreChecks checks) {
    this.checks = checks;
    this.signedChunks = signedChunks;
    this.checksumTrailer = checksumTrailer;
    this.capabilities = capabilities;
  }
}
