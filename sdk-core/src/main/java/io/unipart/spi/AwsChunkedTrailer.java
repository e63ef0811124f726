package io.unipart.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * S3's unsigned streaming body with a checksum trailer ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER},
 * {@code Content-Encoding: aws-chunked}): the payload in 64 KiB chunks framed {@code hex(size) CRLF
 * data CRLF}, then the empty chunk {@code 0 CRLF}, the trailer {@code x-amz-checksum-crc32:<base64>
 * CRLF} and a final CRLF. The checksum is taken as the payload streams, so a part is read once.
 */
final class AwsChunkedTrailer {
  static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  static final int CHUNK = 64 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};

  private AwsChunkedTrailer() {}

  /** The encoded length of {@code length} payload bytes with a trailer of that header. */
  static long encodedLength(long length, String trailerHeader, int base64Length) {
    long full = length / CHUNK;
    long rest = length % CHUNK;
    long total = full * (Integer.toHexString(CHUNK).length() + 4L) + length;
    if (rest > 0) {
      total += Long.toHexString(rest).length() + 4L;
    }
    return total + 3 + trailerHeader.length() + 1 + base64Length + 2 + 2;
  }

  /** Encodes a payload stream as it is read; hands the digest over once the payload ended. */
  static final class EncodingStream extends InputStream {
    private final InputStream payload;
    private final String trailerHeader;
    private final MessageDigest checksum;
    private final Consumer<byte[]> onDigest;
    private final byte[] data = new byte[CHUNK];
    private byte[] frame = new byte[0];
    private int frameLength;
    private int position;
    private boolean finished;

    EncodingStream(InputStream payload, String trailerHeader, MessageDigest checksum,
        Consumer<byte[]> onDigest) {
      this.payload = payload;
      this.trailerHeader = trailerHeader;
      this.checksum = checksum;
      this.onDigest = onDigest;
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

    private boolean nextFrame() throws IOException {
      if (finished) {
        return false;
      }
      int n = payload.readNBytes(data, 0, data.length);
      byte[] framed;
      if (n > 0) {
        checksum.update(data, 0, n);
        byte[] header = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        framed = new byte[header.length + n + CRLF.length];
        System.arraycopy(header, 0, framed, 0, header.length);
        System.arraycopy(data, 0, framed, header.length, n);
        System.arraycopy(CRLF, 0, framed, header.length + n, CRLF.length);
      } else {
        byte[] digest = checksum.digest();
        onDigest.accept(digest);
        framed = ("0\r\n" + trailerHeader + ":" + Base64.getEncoder().encodeToString(digest)
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        finished = true;
      }
      frame = framed;
      frameLength = framed.length;
      position = 0;
      return true;
    }

    @Override
    public void close() throws IOException {
      payload.close();
    }
  }
}
