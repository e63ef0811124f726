package io.unipart.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.internal.Digests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The aws-chunked body against AWS's published example ("Signature Calculations for the
 * Authorization Header: Transferring Payload in Multiple Chunks", Example: PUT Object): 66,560
 * bytes of {@code a} in a 64 KiB chunk, a 1 KiB chunk and the final empty one, chained from the
 * documented seed signature, 66,824 bytes on the wire.
 */
class AwsChunkedEncodingTest {
  static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  static final List<String> CHUNK_SIGNATURES = List.of(
      "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
      "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
      "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9");

  @Test
  void reproducesThePublishedChunkSignaturesAndLength() throws Exception {
    byte[] payload = new byte[66560];
    Arrays.fill(payload, (byte) 'a');
    byte[] key = SigV4Signer.hmac(("AWS4" + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .getBytes(StandardCharsets.UTF_8), "20130524");
    key = SigV4Signer.hmac(key, "us-east-1");
    key = SigV4Signer.hmac(key, "s3");
    key = SigV4Signer.hmac(key, "aws4_request");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (AwsChunkedEncoding.EncodingStream in = new AwsChunkedEncoding.EncodingStream(
        new ByteArrayInputStream(payload), new Digests.MacKey("HmacSHA256", key),
        "20130524T000000Z", "20130524/us-east-1/s3/aws4_request", SEED, 64 * 1024)) {
      in.transferTo(out);
    }
    byte[] body = out.toByteArray();

    assertThat(body).hasSize(66824);
    assertThat(AwsChunkedEncoding.encodedLength(66560, 64 * 1024)).isEqualTo(66824);
    Decoded decoded = decode(body);
    assertThat(decoded.signatures).isEqualTo(CHUNK_SIGNATURES);
    assertThat(decoded.sizes).containsExactly(65536, 1024, 0);
    assertThat(decoded.payload).isEqualTo(payload);
    assertThat(new String(body, 0, 88, StandardCharsets.US_ASCII))
        .isEqualTo("10000;chunk-signature=" + CHUNK_SIGNATURES.get(0) + "\r\n");
    assertThat(new String(body, body.length - 86, 86, StandardCharsets.US_ASCII))
        .isEqualTo("0;chunk-signature=" + CHUNK_SIGNATURES.get(2) + "\r\n\r\n");
  }

  @Test
  void encodedLengthMatchesWhatIsWrittenForEverySize() throws Exception {
    for (int size : new int[] {0, 1, 8191, 65535, 65536, 65537, 131071, 131072, 131073,
        400_000}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (AwsChunkedEncoding.EncodingStream in = new AwsChunkedEncoding.EncodingStream(
          new ByteArrayInputStream(new byte[size]), new Digests.MacKey("HmacSHA256",
              new byte[32]), "20130524T000000Z", "scope", SEED)) {
        in.transferTo(out);
      }
      assertThat(out.size()).as("size %d", size).isEqualTo(AwsChunkedEncoding.encodedLength(size));
      assertThat(decode(out.toByteArray()).payload).hasSize(size);
    }
  }

  @Test
  void readsOfAnySizeAcrossFramePiecesGiveTheSameBytes() throws Exception {
    byte[] payload = new byte[200_000];
    new java.util.Random(7).nextBytes(payload);
    byte[] whole = encode(payload, in -> in.readAllBytes());
    java.util.Random sizes = new java.util.Random(11);
    for (int round = 0; round < 20; round++) {
      byte[] pieced = encode(payload, in -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
          if (sizes.nextInt(10) == 0) {
            int b = in.read();
            if (b < 0) {
              return out.toByteArray();
            }
            out.write(b);
            continue;
          }
          byte[] buffer = new byte[1 + sizes.nextInt(140_000)];
          int off = sizes.nextInt(3);
          int n = in.read(buffer, off, buffer.length - off);
          if (n < 0) {
            return out.toByteArray();
          }
          assertThat(n).isPositive();
          out.write(buffer, off, n);
        }
      });
      assertThat(pieced).as("round %d", round).isEqualTo(whole);
    }
    assertThat(decode(whole).payload).isEqualTo(payload);
  }

  interface Reader {
    byte[] read(java.io.InputStream in) throws java.io.IOException;
  }

  static byte[] encode(byte[] payload, Reader reader) throws java.io.IOException {
    try (AwsChunkedEncoding.EncodingStream in = new AwsChunkedEncoding.EncodingStream(
        new ByteArrayInputStream(payload), new Digests.MacKey("HmacSHA256", new byte[32]),
        "20130524T000000Z", "scope", SEED)) {
      return reader.read(in);
    }
  }

  /** A chunk-by-chunk reader of the encoding, for tests. */
  static Decoded decode(byte[] body) {
    Decoded d = new Decoded();
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    int i = 0;
    while (true) {
      int eol = indexOf(body, i);
      String header = new String(body, i, eol - i, StandardCharsets.US_ASCII);
      int semi = header.indexOf(";chunk-signature=");
      int size = Integer.parseInt(header.substring(0, semi), 16);
      d.sizes.add(size);
      d.signatures.add(header.substring(semi + ";chunk-signature=".length()));
      payload.write(body, eol + 2, size);
      i = eol + 2 + size;
      assertThat(body[i]).isEqualTo((byte) '\r');
      assertThat(body[i + 1]).isEqualTo((byte) '\n');
      i += 2;
      if (size == 0) {
        assertThat(i).isEqualTo(body.length);
        d.payload = payload.toByteArray();
        return d;
      }
    }
  }

  private static int indexOf(byte[] body, int from) {
    for (int i = from; i < body.length - 1; i++) {
      if (body[i] == '\r' && body[i + 1] == '\n') {
        return i;
      }
    }
    throw new AssertionError("no CRLF after " + from);
  }

  static final class Decoded {
    final List<Integer> sizes = new ArrayList<>();
    final List<String> signatures = new ArrayList<>();
    byte[] payload;
  }
}
