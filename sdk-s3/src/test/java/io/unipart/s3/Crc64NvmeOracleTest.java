package io.unipart.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.internal.Crc64;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.SdkChecksum;

/** unipart's CRC-64/NVME against AWS's SDK ({@code SdkChecksum} CRC64NVME, test scope). */
class Crc64NvmeOracleTest {
  @Test
  void matchesAwssCrc64NvmeOnRandomData() {
    Random random = new Random(2030);
    for (int i = 0; i < 300; i++) {
      byte[] data = new byte[random.nextInt(70_000)];
      random.nextBytes(data);
      SdkChecksum theirs = SdkChecksum.forAlgorithm(DefaultChecksumAlgorithm.CRC64NVME);
      theirs.update(data, 0, data.length);
      assertThat(Crc64.of(Crc64.Variant.NVME, data))
          .isEqualTo(ByteBuffer.wrap(theirs.getChecksumBytes()).getLong());
    }
  }
}
