package io.unipart.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * A reflected CRC-64, table-driven (slicing by 8), with the combination that turns the CRCs of
 * consecutive pieces into the CRC of the whole: COS's {@code x-cos-hash-crc64ecma} (CRC-64/XZ,
 * Go's "ECMA" table with inversion) and S3's {@code CRC64NVME}. The JDK has CRC32 and CRC32C but
 * no CRC-64. Check values ("123456789"): XZ {@code 0x995dc9bbdf1939fa}, NVME {@code
 * 0xae8b14860a799888}.
 *
 * <p>As a {@link MessageDigest} it feeds from the same pass as other digests; {@link
 * #digest()} gives the eight bytes big-endian. Not thread-safe, like any digest.
 */
public final class Crc64 extends MessageDigest implements Cloneable {
  /** The reflected polynomials. */
  public enum Variant {
    /** CRC-64/XZ, which COS calls crc64ecma (ECMA-182 polynomial, reflected, inverted). */
    ECMA(0xC96C5795D7870F42L),
    /** CRC-64/NVME, S3's {@code CRC64NVME}. */
    NVME(0x9A6C9329AC4BC9B5L);

    final long poly;
    final long[][] tables;

    Variant(long poly) {
      this.poly = poly;
      this.tables = new long[8][256];
      for (int n = 0; n < 256; n++) {
        long crc = n;
        for (int k = 0; k < 8; k++) {
          crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
        }
        tables[0][n] = crc;
      }
      for (int n = 0; n < 256; n++) {
        long crc = tables[0][n];
        for (int t = 1; t < 8; t++) {
          crc = tables[0][(int) crc & 0xff] ^ (crc >>> 8);
          tables[t][n] = crc;
        }
      }
    }
  }

  private final Variant variant;
  private long crc = -1L;

  /**
   * A new CRC of nothing yet.
   *
   * @param variant the polynomial
   */
  public Crc64(Variant variant) {
    super("CRC-64/" + variant);
    this.variant = variant;
  }

  /**
   * The CRC of everything fed so far.
   *
   * @return the value
   */
  public long value() {
    return ~crc;
  }

  /**
   * The CRC of a whole array.
   *
   * @param variant the polynomial
   * @param bytes the bytes
   * @return the value
   */
  public static long of(Variant variant, byte[] bytes) {
    Crc64 c = new Crc64(variant);
    c.update(bytes, 0, bytes.length);
    return c.value();
  }

  @Override
  protected void engineUpdate(byte input) {
    crc = variant.tables[0][(int) (crc ^ input) & 0xff] ^ (crc >>> 8);
  }

  @Override
  protected void engineUpdate(byte[] input, int offset, int len) {
    long c = crc;
    long[][] t = variant.tables;
    int i = offset;
    int end = offset + len;
    while (end - i >= 8) {
      c ^= (input[i] & 0xffL) | (input[i + 1] & 0xffL) << 8 | (input[i + 2] & 0xffL) << 16
          | (input[i + 3] & 0xffL) << 24 | (input[i + 4] & 0xffL) << 32
          | (input[i + 5] & 0xffL) << 40 | (input[i + 6] & 0xffL) << 48
          | (input[i + 7] & 0xffL) << 56;
      c = t[7][(int) c & 0xff] ^ t[6][(int) (c >>> 8) & 0xff] ^ t[5][(int) (c >>> 16) & 0xff]
          ^ t[4][(int) (c >>> 24) & 0xff] ^ t[3][(int) (c >>> 32) & 0xff]
          ^ t[2][(int) (c >>> 40) & 0xff] ^ t[1][(int) (c >>> 48) & 0xff]
          ^ t[0][(int) (c >>> 56) & 0xff];
      i += 8;
    }
    while (i < end) {
      c = t[0][(int) (c ^ input[i++]) & 0xff] ^ (c >>> 8);
    }
    crc = c;
  }

  @Override
  protected void engineUpdate(ByteBuffer input) {
    if (input.hasArray()) {
      int n = input.remaining();
      engineUpdate(input.array(), input.arrayOffset() + input.position(), n);
      input.position(input.position() + n);
    } else {
      super.engineUpdate(input);
    }
  }

  @Override
  protected byte[] engineDigest() {
    long v = value();
    crc = -1L;
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  @Override
  protected void engineReset() {
    crc = -1L;
  }

  @Override
  protected int engineGetDigestLength() {
    return 8;
  }

  @Override
  public Object clone() throws CloneNotSupportedException {
    return super.clone();
  }

  /**
   * The CRC of A followed by B, from the CRC of A, the CRC of B and B's length (zlib's
   * crc32_combine, for 64 bits): how the parts' CRCs, taken as each part is sent, make the whole
   * object's.
   *
   * @param variant the polynomial
   * @param crcA the CRC of the first piece
   * @param crcB the CRC of the second piece
   * @param lengthB the second piece's length in bytes
   * @return the CRC of both
   */
  public static long combine(Variant variant, long crcA, long crcB, long lengthB) {
    if (lengthB <= 0) {
      return crcA;
    }
    long[] even = new long[64];
    long[] odd = new long[64];
    odd[0] = variant.poly; // the operator for one zero bit
    long row = 1;
    for (int n = 1; n < 64; n++) {
      odd[n] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits
    long a = crcA;
    long len = lengthB;
    do {
      square(even, odd);
      if ((len & 1) != 0) {
        a = times(even, a);
      }
      len >>>= 1;
      if (len == 0) {
        break;
      }
      square(odd, even);
      if ((len & 1) != 0) {
        a = times(odd, a);
      }
      len >>>= 1;
    } while (len != 0);
    return a ^ crcB;
  }

  private static long times(long[] matrix, long vector) {
    long sum = 0;
    int i = 0;
    while (vector != 0) {
      if ((vector & 1) != 0) {
        sum ^= matrix[i];
      }
      vector >>>= 1;
      i++;
    }
    return sum;
  }

  private static void square(long[] square, long[] matrix) {
    for (int n = 0; n < 64; n++) {
      square[n] = times(matrix, matrix[n]);
    }
  }
}
