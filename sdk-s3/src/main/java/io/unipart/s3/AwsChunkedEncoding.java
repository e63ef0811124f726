package io.unipart.s3;

import io.unipart.internal.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * S3's signed streaming body ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}, {@code Content-Encoding:
 * aws-chunked}): the payload in 128 KiB chunks, each framed as {@code hex(size);chunk-signature=sig
 * CRLF data CRLF}, each signature chaining the previous one from the request's seed signature, and
 * an empty final chunk. The payload is read once, as it is sent; nothing is buffered beyond one
 * chunk.
 */
final class AwsChunkedEncoding {
  static final String STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  /** The chunk size: 128 KiB, as AWS's own SDK uses (S3 asks for at least 8 KiB). */
  static final int CHUNK = 128 * 1024;
  private static final int SIGNATURE_LENGTH = 64;
  private static final byte[] CRLF = {'\r', '\n'};

  private AwsChunkedEncoding() {}

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

  /** The string a chunk's signature is the HMAC of. */
  static String stringToSign(String amzDate, String scope, String previous, byte[] chunkSha256) {
    return "AWS4-HMAC-SHA256-PAYLOAD\n" + amzDate + "\n" + scope + "\n" + previous + "\n"
        + SigV4Signer.EMPTY_SHA256 + "\n" + Digests.hex(chunkSha256);
  }

  /** Encodes a payload stream as it is read. */
  static final class EncodingStream extends InputStream {
    private final InputStream payload;
    private final Digests.HmacKey signingKey;
    private final String amzDate;
    private final String scope;
    private final MessageDigest sha256 = Digests.sha256();
    private final byte[] data;
    private String previous;
    private byte[] frame = new byte[0];
    private int frameLength;
    private int position;
    private boolean finished;

    EncodingStream(InputStream payload, Digests.HmacKey signingKey, String amzDate, String scope,
        String seedSignature) {
      this(payload, signingKey, amzDate, scope, seedSignature, CHUNK);
    }

    EncodingStream(InputStream payload, Digests.HmacKey signingKey, String amzDate, String scope,
        String seedSignature, int chunk) {
      this.data = new byte[chunk];
      this.payload = payload;
      this.signingKey = signingKey;
      this.amzDate = amzDate;
      this.scope = scope;
      this.previous = seedSignature;
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
      if (position == frameLength && !nextFrame()) {
        return -1;
      }
      int n = Math.min(len, frameLength - position);
      System.arraycopy(frame, position, b, off, n);
      position += n;
      return n;
    }

    /** Reads the next chunk of payload and frames it; false after the final (empty) chunk. */
    private boolean nextFrame() throws IOException {
      if (finished) {
        return false;
      }
      int n = payload.readNBytes(data, 0, data.length);
      sha256.reset();
      sha256.update(data, 0, n);
      String signature =
          Digests.hex(signingKey.mac(stringToSign(amzDate, scope, previous, sha256.digest())));
      previous = signature;
      byte[] header = (Integer.toHexString(n) + ";chunk-signature=" + signature + "\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      int size = header.length + n + CRLF.length;
      if (frame.length < size) {
        frame = new byte[size];
      }
      System.arraycopy(header, 0, frame, 0, header.length);
      System.arraycopy(data, 0, frame, header.length, n);
      System.arraycopy(CRLF, 0, frame, header.length + n, CRLF.length);
      finished = n == 0; // the final chunk is the empty one
      frameLength = size;
      position = 0;
      return true;
    }

    @Override
    public void close() throws IOException {
      payload.close();
    }
  }
}
