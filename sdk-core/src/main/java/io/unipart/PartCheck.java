package io.unipart;

/**
 * What proved that a part's bytes reached the store intact. Only checks that were provably made
 * count: a check the store makes is counted where it was shown to refuse a wrong value (by the
 * provider's documentation, by the store conformance suite for the presets, or by the client's
 * own probe of an unknown store); a check the client makes is one it held to the store's answer.
 * A 200 alone proves nothing.
 *
 * <pre>{@code
 * UploadResult result = uploader.upload(key, file, options);
 * result.partChecks();   // {CHUNK_SIGNATURES=3}, or {ETAG_MD5=3} on a store that checks nothing
 * }</pre>
 */
public enum PartCheck {
  /** The store checked the part's {@code Content-MD5}. */
  CONTENT_MD5,
  /** The store checked the signed SHA-256 of the part's payload ({@code x-amz-content-sha256}). */
  SIGNED_SHA256,
  /** The store checked the signature of every chunk of the part's signed aws-chunked body. */
  CHUNK_SIGNATURES,
  /** The store checked the part's flexible checksum, sent in an aws-chunked trailer. */
  CHECKSUM_TRAILER,
  /**
   * The client held the part's ETag, which the store makes the MD5 of what it stored, to the MD5
   * of the bytes it sent: the check used where the store checks nothing it is sent.
   */
  ETAG_MD5
}
