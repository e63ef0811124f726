package io.unipart.internal.xml;

import io.unipart.PartContent;
import java.net.URI;
import java.security.MessageDigest;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How one part's bytes are declared and guarded, chosen before the request is signed. The S3
 * family's protocol sets every header the choice implies; a signer then signs what it is given.
 */
public enum PartPayload {
  /**
   * {@code Content-MD5}, which the server checks (and {@code UNSIGNED-PAYLOAD} as the payload hash
   * where the dialect declares one): one hashing pass, then the send.
   */
  CONTENT_MD5,
  /**
   * {@code UNSIGNED-PAYLOAD}, https only, TLS guarding the bytes: one read, the part's MD5 taken
   * as it streams and held to the ETag the server answers, which S3 makes the MD5 of what it
   * stored. Where an ETag cannot be held to it (SSE-KMS, SSE-C, a store whose ETags are not
   * MD5s), the part is sent again as {@link #CONTENT_MD5} and the protocol keeps to that.
   */
  STREAMED_MD5,
  /** The body's SHA-256 as the payload hash, signed and checked: one hashing pass, then the send. */
  SHA256,
  /**
   * {@code aws-chunked}, every chunk signed as it streams ({@code
   * STREAMING-AWS4-HMAC-SHA256-PAYLOAD}): one read, no hashing pass. The protocol declares the
   * encoding and lengths; the signer, which alone holds the key, frames the body with {@link
   * ChunkedBodies}' chunk signatures.
   */
  SIGNED_CHUNKS,
  /**
   * {@code aws-chunked}, unsigned, the part's flexible checksum in a trailer ({@code
   * STREAMING-UNSIGNED-PAYLOAD-TRAILER}); https only, TLS guarding the bytes: one read.
   */
  UNSIGNED_TRAILER;

  /**
   * The header that asks {@link io.unipart.spi.Signer a signer} of signed chunks to sign them
   * wrongly, for a probe of whether the store checks chunk signatures. The S3 signer removes it
   * before signing; were a signer to leave it on the wire, the probe's chunks would be right, the
   * store would take them, and the client would (safely) hold the store unchecked.
   */
  public static final String WRONG_CHUNK_SIGNATURE_HEADER = "x-unipart-probe";

  /** The value of {@link #WRONG_CHUNK_SIGNATURE_HEADER}. */
  public static final String WRONG_CHUNK_SIGNATURE = "wrong-chunk-signature";


  /** Chooses each part's payload. */
  @FunctionalInterface
  public interface Policy {
    /**
     * The payload for one part.
     *
     * @param uri where the part goes (its scheme matters)
     * @param flexibleChecksum whether the part carries a flexible checksum, which must travel in a
     *     header (after a hashing pass) or a trailer, never beside signed chunks
     * @return the choice
     */
    PartPayload choose(URI uri, boolean flexibleChecksum);
  }

  /** The {@code aws-chunked} bodies of a dialect that has them (S3). */
  public interface ChunkedBodies {
    /**
     * The payload hash that declares signed chunks.
     *
     * @return e.g. {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}
     */
    String signedChunksPayloadHash();

    /**
     * The length on the wire of a part sent as signed chunks.
     *
     * @param decodedLength the part's length
     * @return the encoded length
     */
    long signedChunksLength(long decodedLength);

    /**
     * The unsigned body with the checksum in its trailer, which streams the part once.
     *
     * @param content the part
     * @param trailerHeader the trailer's header, e.g. {@code x-amz-checksum-crc32}
     * @param base64Length the length of the checksum's base64
     * @param checksum a fresh digest for each time the body is sent
     * @param onDigest receives the digest once a send has read the whole part
     * @return the body, with its encoded length
     */
    PartContent trailerBody(PartContent content, String trailerHeader, int base64Length,
        Supplier<MessageDigest> checksum, Consumer<byte[]> onDigest);
  }
}
