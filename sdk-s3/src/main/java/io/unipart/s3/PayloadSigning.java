package io.unipart.s3;

/**
 * How the S3 client protects a part's bytes. Every choice asks the server to check what it
 * received; they differ in how often a part is read and in what a store must support. A check
 * counts only where the store is known to make it (see {@link
 * S3MultipartClient.Builder#probeStoreChecks}); where it is not, the client holds each part's ETag
 * to the MD5 of the bytes it sent instead, whatever was chosen here.
 *
 * <pre>{@code
 * S3MultipartClient.builder()...payloadSigning(PayloadSigning.SHA256).build();
 * }</pre>
 */
public enum PayloadSigning {
  /**
   * The default. Over https, {@code UNSIGNED-PAYLOAD}: TLS protects the bytes in flight, the part
   * is read once, and its MD5, taken as it streams, must equal the ETag the store answers (S3's
   * ETag of a part is the MD5 of what it stored). Where it cannot (SSE-KMS, SSE-C, a store whose
   * ETags are not MD5s) the part is sent again as {@link #UNSIGNED} and the client keeps to that.
   * With a flexible checksum ({@link S3MultipartClient.Builder#checksumAlgorithm}) the checksum
   * travels in an aws-chunked trailer instead, also in one read. Over plain http, {@link
   * #STREAMING}, or {@link #SHA256} where aws-chunked bodies are refused (JDCloud).
   */
  AUTO,

  /**
   * {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} with {@code Content-MD5}: the part is read once
   * to hash it and once to send it. Over plain http the bytes are then guarded by the MD5 alone.
   */
  UNSIGNED,

  /**
   * {@code aws-chunked}, every 128 KiB chunk signed as it streams ({@code
   * STREAMING-AWS4-HMAC-SHA256-PAYLOAD}): one read, and every chunk authenticated.
   */
  STREAMING,

  /**
   * The whole part's SHA-256, signed: read once to hash it and once to send it. The form every
   * SigV4 store accepts; choose it for a store that refuses unsigned or chunked payloads.
   */
  SHA256
}
