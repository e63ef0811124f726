package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/** The one part-plan authority, {@link UploadCapabilities#checkPlan}, at its boundaries. */
class PartPlanTest {
  static final long MIB = 1L << 20;
  static final UploadCapabilities S3_LIKE = UploadCapabilities.builder()
      .partSize(5 * MIB, 5L << 30).maxPartCount(10_000).build();

  static InvalidRequestException refused(long length, long partSize) {
    return catchThrowableOfType(InvalidRequestException.class,
        () -> S3_LIKE.checkPlan(length, partSize));
  }

  @Test
  void acceptsEveryPlanWithinTheRulesAndRefusesEachRuleBroken() {
    S3_LIKE.checkPlan(-1, 5 * MIB);
    S3_LIKE.checkPlan(10_000 * 5 * MIB, 5 * MIB);
    S3_LIKE.checkPlan(3, 3);                    // one part may be smaller than the minimum
    S3_LIKE.checkPlan(0, 1);
    assertThat(refused(6 * MIB, 5 * MIB - 1).rule())
        .isEqualTo("must be at least 5 MiB (5242880 bytes) unless the object is one part (was "
            + (5 * MIB - 1) + ")");
    assertThat(refused(-1, (5L << 30) + 1).rule()).startsWith("must be at most 5 GiB");
    assertThat(refused(-1, 0).field()).isEqualTo("partSize");
    assertThat(refused(10_000 * 5 * MIB + 1, 5 * MIB).rule()).contains("10001 parts");
    assertThat(refused(-2, 5 * MIB).field()).isEqualTo("contentLength");
  }

  @Test
  void aPartCountBecomesAPartSizeWithinTheCount() {
    assertThat(S3_LIKE.partSizeFor(10, 3)).isEqualTo(4);
    assertThat(S3_LIKE.partSizeFor(0, 1)).isEqualTo(1);
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> S3_LIKE.partSizeFor(10, 10_001)).field()).isEqualTo("partCount");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> S3_LIKE.partSizeFor(10, 0)).field()).isEqualTo("partCount");
  }
}
