package io.unipart.s3;

import io.unipart.PartContent;
import io.unipart.internal.Digests;
import io.unipart.internal.xml.PartPayload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * S3's streaming bodies ({@code Content-Encoding: aws-chunked}), read once as they are sent,
 * nothing buffered beyond one chunk:
 *
 * <ul>
 *   <li>signed ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}): 128 KiB chunks, each framed as {@code
 *       hex(size);chunk-signature=sig CRLF data CRLF}, each signature chaining the previous one
 *       from the request's seed signature, and an empty final chunk;
 *   <li>unsigned with a checksum trailer ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}, over https):
 *       chunks framed {@code hex(size) CRLF data CRLF}, then {@code 0 CRLF}, the trailer {@code
 *       x-amz-checksum-crc32:<base64> CRLF} and a final CRLF, the checksum taken as the payload
 *       streams.
 * </ul>
 */
final class AwsChunkedEncoding {
  private static final java.util.HexFormat HEX = java.util.HexFormat.of();

  static final String STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  /** The chunk size: 128 KiB, as AWS's own SDK uses (S3 asks for at least 8 KiB). */
  static final int CHUNK = 128 * 1024;
  private static final int SIGNATURE_LENGTH = 64;
  private static final byte[] CRLF = {'\r', '\n'};

  private AwsChunkedEncoding() {}

  /** S3's aws-chunked bodies, for {@code XmlMultipartProtocol}. */
  static final PartPayload.ChunkedBodies BODIES = new PartPayload.ChunkedBodies() {
    @Override
    public String signedChunksPayloadHash() {
      return STREAMING_PAYLOAD;
    }

    @Override
    public long signedChunksLength(long decodedLength) {
      return encodedLength(decodedLength);
    }

    @Override
    public PartContent trailerBody(PartContent content, String trailerHeader, int base64Length,
        java.util.function.Supplier<MessageDigest> checksum,
        java.util.function.Consumer<byte[]> onDigest) {
      return AwsChunkedEncoding.trailerBody(content, trailerHeader, base64Length, checksum,
          onDigest);
    }
  };

  /**
   * The part framed as signed chunks, each chunk's signature chaining from the request's seed
   * signature; streamed once per send.
   */
  static PartContent signedBody(PartContent payload, Digests.MacKey key, String amzDate,
      String scope, String seedSignature) {
    return PartContent.ofStream(encodedLength(payload.length()),
        () -> new EncodingStream(payload.openStream(), key, amzDate, scope, seedSignature));
  }

  /** The encoded length of a payload of {@code length} bytes. */
  static long encodedLength(long length) {
    return encodedLength(length, CHUNK);
  }

  static long encodedLength(long length, int chunk) {
    long full = length / chunk;
    long rest = length % chunk;
    long total = full * frameOverhead(chunk) + length;
    if (rest > 0) {
      total += frameOverhead(rest);
    }
    return total + frameOverhead(0);
  }

  /** {@code hex(size) ";chunk-signature=" sig CRLF} before the data and CRLF after it. */
  private static long frameOverhead(long size) {
    return Long.toHexString(size).length() + ";chunk-signature=".length() + SIGNATURE_LENGTH
        + 2L * CRLF.length;
  }

  /** The encoded length of an unsigned body with a trailer of that header and value length. */
  static long trailerEncodedLength(long length, String trailerHeader, int base64Length) {
    long full = length / CHUNK;
    long rest = length % CHUNK;
    long total = full * (Integer.toHexString(CHUNK).length() + 4L) + length;
    if (rest > 0) {
      total += Long.toHexString(rest).length() + 4L;
    }
    return total + "0\r\n".length() + trailerHeader.length() + 1 + base64Length + 4;
  }

  /**
   * An unsigned body with its checksum in the trailer: the trailer encoding S3's {@code
   * XmlMultipartProtocol} uses for flexible checksums over https.
   */
  static PartContent trailerBody(PartContent content, String trailerHeader, int base64Length,
      java.util.function.Supplier<MessageDigest> checksum,
      java.util.function.Consumer<byte[]> onDigest) {
    return PartContent.ofStream(trailerEncodedLength(content.length(), trailerHeader,
        base64Length), () -> new TrailerStream(content.openStream(), trailerHeader,
            checksum.get(), onDigest));
  }

  /** The string a chunk's signature is the HMAC of. */
  static String stringToSign(String amzDate, String scope, String previous, byte[] chunkSha256) {
    return "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
        + SigV4Signer.EMPTY_SHA256 + "\n" + HEX.formatHex(chunkSha256);
  }

  /**
   * Hands out a payload frame by frame; subclasses say what a frame is. A frame is handed out
   * from its pieces where they lie (the header, the chunk as read, the CRLF), not copied into one
   * array first.
   */
  private abstract static class FramedStream extends InputStream {
    final InputStream payload;
    private final byte[][] pieces = new byte[3][];
    private final int[] lengths = new int[3];
    private int count;
    private int piece;
    private int position;
    boolean finished;

    FramedStream(InputStream payload) {
      this.payload = payload;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int copied = 0;
      while (copied < len) {
        if (piece == count) {
          if (finished) {
            break;
          }
          nextFrame();
          continue;
        }
        int n = Math.min(len - copied, lengths[piece] - position);
        System.arraycopy(pieces[piece], position, b, off + copied, n);
        copied += n;
        position += n;
        if (position == lengths[piece]) {
          piece++;
          position = 0;
        }
      }
      return copied == 0 ? -1 : copied;
    }

    /** Reads the next chunk of payload and frames it; sets {@link #finished} at the end. */
    abstract void nextFrame() throws IOException;

    /** The next frame: {@code n} bytes of {@code data} behind {@code header}, CRLF after them. */
    void frame(byte[] header, byte[] data, int n) {
      pieces[0] = header;
      lengths[0] = header.length;
      pieces[1] = data;
      lengths[1] = n;
      pieces[2] = CRLF;
      lengths[2] = CRLF.length;
      count = 3;
      piece = 0;
      position = 0;
    }

    /** The next frame, whole. */
    void frame(byte[] whole) {
      pieces[0] = whole;
      lengths[0] = whole.length;
      count = 1;
      piece = 0;
      position = 0;
    }

    @Override
    public void close() throws IOException {
      payload.close();
    }
  }

  /** Encodes a payload stream as it is read, every chunk signed. */
  static final class EncodingStream extends FramedStream {
    private final Digests.MacKey signingKey;
    private final String amzDate;
    private final String scope;
    private final MessageDigest sha256 = Digests.sha256();
    private final byte[] data;
    private String previous;

    EncodingStream(InputStream payload, Digests.MacKey signingKey, String amzDate, String scope,
        String seedSignature) {
      this(payload, signingKey, amzDate, scope, seedSignature, CHUNK);
    }

    EncodingStream(InputStream payload, Digests.MacKey signingKey, String amzDate, String scope,
        String seedSignature, int chunk) {
      super(payload);
      this.data = new byte[chunk];
      this.signingKey = signingKey;
      this.amzDate = amzDate;
      this.scope = scope;
      this.previous = seedSignature;
    }

    @Override
    void nextFrame() throws IOException {
      int n = payload.readNBytes(data, 0, data.length);
      sha256.reset();
      sha256.update(data, 0, n);
      String signature =
          HEX.formatHex(signingKey.mac(stringToSign(amzDate, scope, previous, sha256.digest())));
      previous = signature;
      frame((Integer.toHexString(n) + ";chunk-signature=" + signature + "\r\n")
          .getBytes(StandardCharsets.US_ASCII), data, n);
      finished = n == 0; // the final chunk is the empty one
    }
  }

  /** Encodes a payload stream as it is read, unsigned, its checksum in the trailer. */
  static final class TrailerStream extends FramedStream {
    private final String trailerHeader;
    private final MessageDigest checksum;
    private final java.util.function.Consumer<byte[]> onDigest;
    private final byte[] data = new byte[CHUNK];

    TrailerStream(InputStream payload, String trailerHeader, MessageDigest checksum,
        java.util.function.Consumer<byte[]> onDigest) {
      super(payload);
      this.trailerHeader = trailerHeader;
      this.checksum = checksum;
      this.onDigest = onDigest;
    }

    @Override
    void nextFrame() throws IOException {
      int n = payload.readNBytes(data, 0, data.length);
      if (n > 0) {
        checksum.update(data, 0, n);
        frame((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII), data, n);
        return;
      }
      byte[] digest = checksum.digest();
      onDigest.accept(digest);
      frame(("0\r\n" + trailerHeader + ":" + java.util.Base64.getEncoder().encodeToString(digest)
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      finished = true;
    }
  }
}
