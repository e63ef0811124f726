package io.unipart.internal.xml;

import io.unipart.InvalidRequestException;
import io.unipart.PartContent;
import io.unipart.internal.Digests;
import io.unipart.spi.HttpRequest;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Declares a part's body as its {@link PartPayload} says: every header the choice implies, and
 * the body itself where it is re-encoded, all before signing. Thread-safe.
 */
final class PartBodies {
  private static final HexFormat HEX = HexFormat.of();

  /** The payload hash of an unsigned aws-chunked body with a checksum trailer. */
  static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

  private final String payloadHashHeader;
  private final PartPayload.Policy payloads;
  private final PartPayload.ChunkedBodies chunked;
  private final IntegrityCheck integrity;

  PartBodies(String payloadHashHeader, PartPayload.Policy payloads,
      PartPayload.ChunkedBodies chunked, IntegrityCheck integrity) {
    this.payloadHashHeader = payloadHashHeader;
    this.payloads = payloads;
    this.chunked = chunked;
    this.integrity = integrity;
  }

  /**
   * The payload one part is sent with: the policy's choice, turned into a hashing pass where
   * ETags have been seen not to be MD5s, and into the same guarantee without aws-chunked where
   * the store refused chunked bodies.
   *
   * @param hashFirst whether a {@link PartPayload#STREAMED_MD5} choice becomes {@link
   *     PartPayload#CONTENT_MD5}, because ETags have been seen not to be MD5s
   * @param chunkedRefused whether the store refused aws-chunked bodies: signed chunks become the
   *     signed SHA-256 of the whole part, and a trailer becomes the checksum in a header
   */
  PartPayload choose(URI uri, IntegrityCheck.Flexible flexible, boolean hashFirst,
      boolean chunkedRefused) {
    PartPayload payload = payloadHashHeader == null ? PartPayload.CONTENT_MD5
        : payloads.choose(uri, flexible != null);
    if (payload == PartPayload.STREAMED_MD5 && (hashFirst || flexible != null)) {
      payload = PartPayload.CONTENT_MD5;
    }
    if (chunkedRefused && payload == PartPayload.SIGNED_CHUNKS) {
      payload = PartPayload.SHA256;
    } else if (chunkedRefused && payload == PartPayload.UNSIGNED_TRAILER) {
      payload = PartPayload.CONTENT_MD5;
    }
    return payload;
  }

  /** Whether a payload travels {@code aws-chunked}, which some stores refuse. */
  static boolean chunked(PartPayload payload) {
    return payload == PartPayload.SIGNED_CHUNKS || payload == PartPayload.UNSIGNED_TRAILER;
  }

  /**
   * How a part was declared, and where what its send computes lands.
   *
   * @param sent the part's integrity checksum as sent: set now after a hashing pass, or once a
   *     send has streamed the part; empty when the part carries none
   * @param streamedMd5 for {@link PartPayload#STREAMED_MD5}, the MD5 the last send fed as it read
   *     the part; null for other payloads. A send cut short leaves a partial MD5, which no ETag
   *     matches: the part is then sent again with Content-MD5.
   * @param hashedMd5 for {@link PartPayload#CONTENT_MD5}, the MD5 its hashing pass took (which an
   *     ETag can be held to where the store is not known to check Content-MD5); else empty
   */
  record Declared(AtomicReference<byte[]> sent, AtomicReference<MessageDigest> streamedMd5,
      AtomicReference<byte[]> hashedMd5) {

    /** The MD5 of the bytes sent, where this declaration took one; else null. */
    byte[] md5() {
      if (streamedMd5 != null) {
        MessageDigest md5 = streamedMd5.get();
        return md5 == null ? null : md5.digest();
      }
      return hashedMd5.get();
    }
  }

  /**
   * Declares one part with the payload {@link #choose} picked.
   */
  Declared declare(HttpRequest.Builder http, PartPayload payload, PartContent content,
      IntegrityCheck.Flexible flexible) {
    AtomicReference<byte[]> sent = new AtomicReference<>();
    AtomicReference<byte[]> hashedMd5 = new AtomicReference<>();
    AtomicReference<MessageDigest> streamedMd5 = null;
    switch (payload) {
      case UNSIGNED_TRAILER -> declareTrailer(http, content, flexible, sent);
      case SIGNED_CHUNKS -> declareSignedChunks(http, content.length(), flexible);
      case STREAMED_MD5 -> {
        streamedMd5 = new AtomicReference<>();
        declareStreamedMd5(http, content, streamedMd5);
      }
      default -> hashedMd5.set(declareHashed(http, content, payload, flexible, sent));
    }
    return new Declared(sent, streamedMd5, hashedMd5);
  }

  /**
   * Declares {@code content} with a payload whose check does not hold: what is declared (MD5,
   * SHA-256, trailer checksum, chunk signatures) is that of {@code declaredAs}, a body of the
   * same length with other bytes. A store that checks the payload must refuse it.
   */
  void declareWrong(HttpRequest.Builder http, PartPayload payload, PartContent content,
      PartContent declaredAs, IntegrityCheck.Flexible flexible) {
    switch (payload) {
      case SIGNED_CHUNKS -> {
        declareSignedChunks(http, content.length(), flexible);
        http.header(PartPayload.WRONG_CHUNK_SIGNATURE_HEADER, PartPayload.WRONG_CHUNK_SIGNATURE);
      }
      case UNSIGNED_TRAILER -> {
        MessageDigest other = flexible.digest();
        declaredAs.digest(other);
        byte[] wrong = other.digest();
        declareTrailer(http, content, flexible, () -> fixedDigest(wrong), new AtomicReference<>());
      }
      case STREAMED_MD5 -> throw new IllegalArgumentException("STREAMED_MD5 declares nothing");
      default -> {
        // Only the payload's own value is wrong: a flexible checksum beside it is right, so a
        // refusal proves the store checks the MD5 or SHA-256, not the checksum header.
        declareHashed(http, declaredAs, payload, null, new AtomicReference<>());
        if (flexible != null) {
          MessageDigest right = flexible.digest();
          content.digest(right);
          http.header(flexible.header(), Base64.getEncoder().encodeToString(right.digest()));
        }
        http.body(content);
      }
    }
  }

  /** A digest that ignores what it is fed and gives {@code value}. */
  private static MessageDigest fixedDigest(byte[] value) {
    return new MessageDigest("fixed") {
      @Override
      protected void engineUpdate(byte input) {}

      @Override
      protected void engineUpdate(byte[] input, int offset, int len) {}

      @Override
      protected byte[] engineDigest() {
        return value.clone();
      }

      @Override
      protected void engineReset() {}
    };
  }

  /** One read: the part streams as it is, its MD5 taken on the way for the ETag check. */
  void declareStreamedMd5(HttpRequest.Builder http, PartContent content,
      AtomicReference<MessageDigest> md5) {
    http.header(payloadHashHeader, "UNSIGNED-PAYLOAD")
        .body(PartContent.ofStream(content.length(), () -> {
          MessageDigest digest = Digests.digest("MD5");
          md5.set(digest);
          return new DigestInputStream(content.openStream(), digest);
        }));
  }

  /** One read: the part streams aws-chunked, unsigned, its checksum taken on the way. */
  void declareTrailer(HttpRequest.Builder http, PartContent content,
      IntegrityCheck.Flexible flexible, AtomicReference<byte[]> sent) {
    if (flexible == null) {
      throw new IllegalStateException("UNSIGNED_TRAILER needs a flexible checksum");
    }
    declareTrailer(http, content, flexible, flexible::digest, sent);
  }

  private void declareTrailer(HttpRequest.Builder http, PartContent content,
      IntegrityCheck.Flexible flexible, java.util.function.Supplier<MessageDigest> digest,
      AtomicReference<byte[]> sent) {
    if (flexible == null || chunked == null) {
      throw new IllegalStateException("UNSIGNED_TRAILER needs a flexible checksum and"
          + " Builder.payloads(.., chunkedBodies)");
    }
    String trailer = flexible.header();
    PartContent body = chunked.trailerBody(content, trailer, flexible.base64Length(),
        digest, sent::set);
    http.header("Content-Encoding", "aws-chunked")
        .header("x-amz-decoded-content-length", String.valueOf(content.length()))
        .header("x-amz-trailer", trailer)
        .header(payloadHashHeader, UNSIGNED_TRAILER)
        .header("Content-Length", String.valueOf(body.length()))
        .body(body);
  }

  /** One read: the signer frames the part, each chunk signed as it streams. */
  void declareSignedChunks(HttpRequest.Builder http, long size,
      IntegrityCheck.Flexible flexible) {
    if (flexible != null || chunked == null) {
      throw new IllegalStateException("SIGNED_CHUNKS needs Builder.payloads(.., chunkedBodies)"
          + " and no flexible checksum, which would have to travel in a header");
    }
    http.header("Content-Encoding", "aws-chunked")
        .header("x-amz-decoded-content-length", String.valueOf(size))
        .header("Content-Length", String.valueOf(chunked.signedChunksLength(size)))
        .header(payloadHashHeader, chunked.signedChunksPayloadHash());
  }

  /**
   * One hashing pass first (SHA-256 or MD5, and the integrity checksum beside it).
   *
   * @return the part's MD5 for {@link PartPayload#CONTENT_MD5}, else null
   */
  byte[] declareHashed(HttpRequest.Builder http, PartContent content, PartPayload payload,
      IntegrityCheck.Flexible flexible, AtomicReference<byte[]> sent) {
    MessageDigest digest = Digests.digest(payload == PartPayload.SHA256 ? "SHA-256" : "MD5");
    MessageDigest check = integrity.partDigest(flexible);
    try {
      if (check == null) {
        content.digest(digest);
      } else {
        content.digest(digest, check);
      }
    } catch (UncheckedIOException e) {
      throw new InvalidRequestException("content", "cannot be read: "
          + e.getCause().getMessage());
    }
    byte[] md5 = null;
    if (payload == PartPayload.SHA256) {
      http.header(payloadHashHeader, HEX.formatHex(digest.digest()));
    } else {
      md5 = digest.digest();
      http.header("Content-MD5", Base64.getEncoder().encodeToString(md5));
      if (payloadHashHeader != null) {
        http.header(payloadHashHeader, "UNSIGNED-PAYLOAD");
      }
    }
    if (check != null) {
      sent.set(check.digest());
      if (flexible != null) {
        http.header(flexible.header(), Base64.getEncoder().encodeToString(sent.get()));
      }
    }
    return md5;
  }
}
