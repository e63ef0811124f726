package io.unipart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The CRC-64s against their published check values (the CRC catalogue's CRC-64/XZ and
 * CRC-64/NVME, "123456789"), the slicing path against the bitwise definition, and combine
 * against the CRC of the joined bytes. The providers' own implementations (Tencent's and AWS's
 * SDKs) check them again in the COS and S3 modules.
 */
class Crc64Test {
  static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

  @Test
  void matchesThePublishedCheckValues() {
    assertThat(Crc64.of(Crc64.Variant.ECMA, CHECK)).isEqualTo(0x995DC9BBDF1939FAL);
    assertThat(Crc64.of(Crc64.Variant.NVME, CHECK)).isEqualTo(0xAE8B14860A799888L);
    assertThat(Crc64.of(Crc64.Variant.ECMA, new byte[0])).isZero();
  }

  @Test
  void theSlicedPathIsTheBitwiseDefinition() {
    Random random = new Random(64);
    for (Crc64.Variant v : Crc64.Variant.values()) {
      for (int i = 0; i < 200; i++) {
        byte[] data = new byte[random.nextInt(300)];
        random.nextBytes(data);
        long bitwise = -1L;
        for (byte b : data) {
          bitwise ^= b & 0xff;
          for (int k = 0; k < 8; k++) {
            bitwise = (bitwise & 1) != 0 ? (bitwise >>> 1) ^ v.poly : bitwise >>> 1;
          }
        }
        Crc64 c = new Crc64(v);
        int split = data.length == 0 ? 0 : random.nextInt(data.length);
        c.update(data, 0, split);
        for (int j = split; j < data.length; j++) {
          c.update(data[j]);
        }
        assertThat(c.value()).isEqualTo(~bitwise);
        assertThat(c.digest()).hasSize(8);
      }
    }
  }

  @Test
  void combineGivesTheCrcOfTheJoinedBytes() {
    Random random = new Random(65);
    for (Crc64.Variant v : Crc64.Variant.values()) {
      for (int i = 0; i < 100; i++) {
        byte[] a = new byte[random.nextInt(5000)];
        byte[] b = new byte[random.nextInt(5000)];
        random.nextBytes(a);
        random.nextBytes(b);
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertThat(Crc64.combine(v, Crc64.of(v, a), Crc64.of(v, b), b.length))
            .isEqualTo(Crc64.of(v, joined));
      }
    }
  }
}
