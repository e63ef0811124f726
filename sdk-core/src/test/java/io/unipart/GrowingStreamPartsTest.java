package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream of unknown length is no longer cut into parts of one size that run out at part
 * 10,001 (78 GiB into an 8 MiB-part stream, after sending all of it): where the dialect's parts
 * may differ in size (AWS, COS), they grow as the stream goes, the slowest growth that still
 * carries 5 TiB in 10,000 parts. Run through the in-memory engine fake with S3's rules but a
 * 1 KiB first part, so a stream longer than 10,000 first parts is a few MiB.
 */
class GrowingStreamPartsTest {
  static final long KIB = 1L << 10;
  static final long MIB = 1L << 20;

  @TempDir Path dir;

  /** S3's rules (10,000 parts, up to 5 GiB each, sizes may differ) with 1 KiB the smallest. */
  static UploadCapabilities s3Rules(long minPart) {
    return UploadCapabilities.builder().partSize(minPart, 5L << 30).maxPartCount(10_000)
        .firstPartNumber(1).canAbort(true).canListParts(true).partSizesMayDiffer(true).build();
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void onS3sOwnNumbersAnEightMibStreamGrowsToFiveTibInTenThousandParts() {
    UploadCapabilities s3 = s3Rules(5 * MIB);
    PartSizes sizes = PartSizes.growing(s3, 8 * MIB);
    assertThat(sizes.isFixed()).isFalse();
    assertThat(sizes.doublesEvery()).as("the number README gives").isEqualTo(812);
    assertThat(sizes.capacity(10_000)).isGreaterThanOrEqualTo(5L << 40);
    // The slowest growth that does: one part more per doubling would fall short.
    assertThat(new PartSizes(8 * MIB, sizes.doublesEvery() + 1, sizes.cap()).capacity(10_000))
        .isLessThan(5L << 40);
    // Where fixed 8 MiB parts ended (part 10,001, 78 GiB in), growing ones have parts to spare.
    assertThat(partsFor(sizes, 10_000 * 8 * MIB + 1)).isLessThan(10_000);
    // Memory stays bounded: no part over 1 GiB, and the first parts stay 8 MiB for a while.
    assertThat(sizes.largest(10_000)).isEqualTo(1L << 30);
    assertThat(sizes.of(sizes.doublesEvery() - 1)).isEqualTo(8 * MIB);
    assertThat(sizes.of(sizes.doublesEvery())).isEqualTo(16 * MIB);
    for (int i = 1; i < 10_000; i++) {
      assertThat(sizes.of(i)).isGreaterThanOrEqualTo(sizes.of(i - 1));
    }
  }

  @Test
  void fixedWhereTheDialectsPartsMayNotDifferOrTheFirstPartCarriesTheTargetAlready() {
    UploadCapabilities uniform = UploadCapabilities.builder().partSize(5 * MIB, 5L << 30)
        .maxPartCount(10_000).build();
    assertThat(PartSizes.growing(uniform, 8 * MIB).isFixed()).isTrue();
    // An expected length of 5 TiB plans 525 MiB parts, which carry it unaided; 2 TiB plans
    // 210 MiB parts, which still grow, more slowly than 8 MiB ones, in case the stream runs on.
    assertThat(PartSizes.growing(s3Rules(5 * MIB), 525 * MIB).isFixed()).isTrue();
    PartSizes twoTib = PartSizes.growing(s3Rules(5 * MIB), 210 * MIB);
    assertThat(twoTib.isFixed()).isFalse();
    assertThat(twoTib.capacity(10_000)).isGreaterThanOrEqualTo(5L << 40);
    assertThat(twoTib.doublesEvery())
        .isGreaterThan(PartSizes.growing(s3Rules(5 * MIB), 8 * MIB).doublesEvery());
  }

  static int partsFor(PartSizes sizes, long length) {
    long carried = 0;
    int parts = 0;
    while (carried < length) {
      carried += sizes.of(parts++);
    }
    return parts;
  }

  @Test
  void aStreamLongerThanTenThousandFirstPartsLandsInGrowingParts() {
    FakeMultipartClient fake = new FakeMultipartClient(s3Rules(KIB));
    byte[] data = bytes((int) (24 * MIB) + 123, 7);
    UploadResult result = MultipartUploader.builder(fake).defaultPartSize(KIB).concurrency(4)
        .build().upload(new ByteArrayInputStream(data),
            UploadRequest.builder().key("grown").build());

    assertThat(data.length).isGreaterThan((int) (10_000 * KIB));
    assertThat(fake.objects.get("grown")).isEqualTo(data);
    List<Long> sizes = new ArrayList<>();
    result.parts().forEach(p -> sizes.add(p.size()));
    assertThat(sizes.size()).isLessThan(10_000);
    assertThat(sizes.get(0)).isEqualTo(KIB);
    PartSizes plan = PartSizes.growing(s3Rules(KIB), KIB);
    for (int i = 0; i < sizes.size() - 1; i++) {
      assertThat(sizes.get(i)).as("part %d", i + 1).isEqualTo(plan.of(i));
    }
    assertThat(sizes.get(sizes.size() - 1)).isBetween(1L, plan.of(sizes.size() - 1));
    assertThat(fake.initiated.get(0).partSize()).hasValue(KIB);
  }

  @Test
  void aPartSizeTheCallerChoseStaysFixedAndSaysHowToLetItGrow() {
    FakeMultipartClient fake = new FakeMultipartClient(UploadCapabilities.builder()
        .partSize(KIB, 5L << 30).maxPartCount(10).firstPartNumber(1).canAbort(true)
        .partSizesMayDiffer(true).build());
    UploadFailedException e = catchThrowableOfType(UploadFailedException.class,
        () -> MultipartUploader.builder(fake).build().upload(
            new ByteArrayInputStream(bytes((int) (11 * KIB), 8)),
            UploadRequest.builder().key("fixed").partSize(KIB).build()));
    assertThat(e).hasRootCauseInstanceOf(InvalidRequestException.class);
    assertThat(e.getCause()).hasMessageContaining("more than 10 parts")
        .hasMessageContaining("leave it unset so parts grow");
  }

  @Test
  void anExpectedLengthSizesThePartsFromTheFirst() {
    FakeMultipartClient fake = new FakeMultipartClient(s3Rules(KIB));
    byte[] data = bytes((int) (3 * MIB), 9);
    UploadResult result = MultipartUploader.builder(fake).defaultPartSize(KIB).build().upload(
        new ByteArrayInputStream(data), UploadRequest.builder().key("hinted")
            .expectedLength(20_000 * KIB).build());
    // 20,000 KiB in at most 10,000 parts: 2 KiB parts from the first, rounded up to whole MiB
    // as the planner rounds a raised size.
    assertThat(result.parts().get(0).size()).isEqualTo(MIB);
    assertThat(result.parts()).hasSize(3);
    assertThat(fake.objects.get("hinted")).isEqualTo(data);
    assertThat(fake.initiated.get(0).expectedLength()).isEmpty();
  }

  @Test
  void aGrowingStreamCutShortResumesFromItsCheckpointCutTheSameWay() throws Exception {
    FakeMultipartClient fake = new FakeMultipartClient(s3Rules(KIB));
    PartSizes plan = PartSizes.growing(s3Rules(KIB), KIB);
    int failAt = plan.doublesEvery() + 5; // a part of the second size
    byte[] data = bytes((int) (6 * MIB), 10);
    Path checkpoint = dir.resolve("grown.checkpoint");
    fake.failFrom = failAt;
    catchThrowableOfType(UploadFailedException.class,
        () -> MultipartUploader.builder(fake).defaultPartSize(KIB).concurrency(1).build()
            .upload(new ByteArrayInputStream(data), UploadRequest.builder().key("again").build(),
                TransferOptions.builder().checkpoint(checkpoint).build()));
    fake.failFrom = Integer.MAX_VALUE;
    UploadCheckpoint cp = UploadCheckpoint.read(checkpoint);
    assertThat(cp.partSizes()).isEqualTo(plan);
    assertThat(cp.toJson()).contains("\"partSizeDoublesEvery\"");
    assertThat(cp.parts()).hasSize(failAt - 1);
    fake.calls.clear();

    UploadResult result = MultipartUploader.builder(fake).defaultPartSize(KIB).concurrency(1)
        .build().resume(checkpoint, new ByteArrayInputStream(data),
            TransferOptions.builder().checkpoint(checkpoint).build());

    assertThat(fake.objects.get("again")).isEqualTo(data);
    assertThat(fake.callsOf("part")).first().asString().endsWith(" " + failAt);
    assertThat(result.parts().get(failAt - 1).size()).isEqualTo(plan.of(failAt - 1));
  }

  @Test
  void aHintNeverLetsAPartSizeUnderTheMinimumThrough() {
    FakeMultipartClient fake = new FakeMultipartClient(s3Rules(5 * MIB));
    // As a length, 1 MiB would be one part and any size would do; as a hint the stream may run
    // on, so 1 MiB parts (under S3's 5 MiB) are refused before anything is sent.
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(fake).build().upload(
            new ByteArrayInputStream(bytes(10, 1)), UploadRequest.builder().key("small")
                .partSize(MIB).expectedLength(MIB).build()));
    assertThat(e.field()).isEqualTo("partSize");
    assertThat(fake.calls).isEmpty();

    e = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(fake).build().upload(
            new ByteArrayInputStream(bytes(10, 1)), UploadRequest.builder().key("huge")
                .expectedLength(Long.MAX_VALUE / 2).build()));
    assertThat(e.field()).isEqualTo("expectedLength");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void sizesNeverOverflowPastTheCap() {
    PartSizes big = new PartSizes(1L << 40, 1, Long.MAX_VALUE);
    for (int i = 0; i < 100; i++) {
      assertThat(big.of(i)).isPositive().isLessThanOrEqualTo(Long.MAX_VALUE);
    }
    assertThat(big.of(22)).isEqualTo(1L << 62);
    // 2^63 does not fit a long: the cap, not a negative size.
    assertThat(big.of(23)).isEqualTo(Long.MAX_VALUE);
    assertThat(big.of(63)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aCheckpointWhosePartsGrowPastWhatTheDialectTakesIsRefused() throws Exception {
    UploadCheckpoint cp = new UploadCheckpoint(UploadSession.builder().dialect("fake")
        .uploadId("up-8").destination("b").key("k").initiatedAt(java.time.Instant.EPOCH).build(),
        new PartSizes(KIB, 100, 8L << 30), -1, -1, List.of(), java.util.Map.of());
    Path written = java.nio.file.Files.writeString(dir.resolve("big.checkpoint"), cp.toJson());
    FakeMultipartClient fake = new FakeMultipartClient(s3Rules(KIB));
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(fake).build().resume(written,
            new ByteArrayInputStream(bytes(10, 1)), TransferOptions.defaults()));
    assertThat(e.field()).isEqualTo("checkpoint.partSizeCap");
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void aCheckpointOfGrowingPartsIsNotResumedFromAFile() throws Exception {
    UploadCheckpoint cp = new UploadCheckpoint(UploadSession.builder().dialect("fake")
        .uploadId("up-9").destination("b").key("k").initiatedAt(java.time.Instant.EPOCH).build(),
        new PartSizes(KIB, 100, 1L << 30), -1, -1,
        List.of(UploadedPart.of(1, "\"e\"", KIB)), java.util.Map.of(1, 7L));
    Path written = dir.resolve("growing.checkpoint");
    java.nio.file.Files.writeString(written, cp.toJson());
    FakeMultipartClient fake = new FakeMultipartClient(s3Rules(KIB));
    Path file = java.nio.file.Files.write(dir.resolve("f.bin"), bytes(10, 1));
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(fake).build().resume(written, file));
    assertThat(e.field()).isEqualTo("checkpoint.partSizeDoublesEvery");
    assertThat(fake.calls).isEmpty();
  }
}
