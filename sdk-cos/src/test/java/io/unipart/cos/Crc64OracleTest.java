package io.unipart.cos;

import static org.assertj.core.api.Assertions.assertThat;

import com.qcloud.cos.utils.CRC64;
import io.unipart.internal.Crc64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** unipart's CRC-64/ECMA and its combine against Tencent's SDK ({@code com.qcloud.cos.utils.CRC64}). */
class Crc64OracleTest {
  @Test
  void matchesTencentsCrc64AndCombineOnRandomData() {
    Random random = new Random(436);
    for (int i = 0; i < 300; i++) {
      byte[] a = new byte[random.nextInt(70_000)];
      byte[] b = new byte[random.nextInt(70_000)];
      random.nextBytes(a);
      random.nextBytes(b);
      CRC64 theirsA = new CRC64();
      theirsA.update(a, a.length);
      CRC64 theirsB = new CRC64();
      theirsB.update(b, b.length);
      long oursA = Crc64.of(Crc64.Variant.ECMA, a);
      long oursB = Crc64.of(Crc64.Variant.ECMA, b);
      assertThat(oursA).isEqualTo(theirsA.getValue());
      assertThat(Crc64.combine(Crc64.Variant.ECMA, oursA, oursB, b.length))
          .isEqualTo(CRC64.combine(theirsA.getValue(), theirsB.getValue(), b.length));
    }
  }
}
