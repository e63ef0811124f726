package io.unipart.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.PendingUpload;
import io.unipart.UploadException;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.s3.S3MultipartClient;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Listings longer than one page: unipart asks for 1,000 entries a page (S3's most), so 1,001
 * parts of one upload, and 1,001 uploads under one prefix, need the store's markers to be
 * followed. The store is filled by AWS's own client (one-byte parts: a listing does not care
 * that a part under 5 MiB could never be completed); unipart's listing must find every one.
 */
class PagedListingConformanceTest {
  static final int MORE_THAN_A_PAGE = 1001;

  /** Runs the calls eight at a time, as a user's tool would. */
  static void inParallel(int count, java.util.function.IntConsumer call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = IntStream.rangeClosed(1, count)
          .mapToObj(i -> pool.submit(() -> call.accept(i))).collect(Collectors.toList());
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void moreThanAPageOfPartsIsListedWhole(StoreTarget target) throws Exception {
    RealStore store = target.running();
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      String uploadId = aws.createMultipartUpload(r -> r.bucket(bucket).key("paged/parts.bin"))
          .uploadId();
      String outcome;
      try {
        inParallel(MORE_THAN_A_PAGE, n -> aws.uploadPart(r -> r.bucket(bucket)
            .key("paged/parts.bin").uploadId(uploadId).partNumber(n),
            RequestBody.fromBytes(new byte[] {(byte) n})));
        try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
          List<UploadedPart> listed = s3.listParts(UploadSession.builder().dialect("s3")
              .uploadId(uploadId).destination(bucket).key("paged/parts.bin")
              .initiatedAt(Instant.now()).build());
          assertThat(listed).extracting(UploadedPart::partNumber).as("%s", target)
              .isEqualTo(IntStream.rangeClosed(1, MORE_THAN_A_PAGE).boxed()
                  .collect(Collectors.toList()));
          outcome = "works";
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // A store that takes at most 1,000 parts (Swift) refuses part 1,001 itself.
        outcome = "part 1,001 " + Outcomes.of(e.getCause()).replace("refused", "refused by the"
            + " store");
      } catch (UploadException e) {
        outcome = Outcomes.of(e);
      } finally {
        aws.abortMultipartUpload(r -> r.bucket(bucket).key("paged/parts.bin")
            .uploadId(uploadId));
      }
      Matrix.record(LifecycleConformanceTest.SECTION, "list parts, 1,001 parts (two pages)",
          target, outcome);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void moreThanAPageOfUploadsIsListedWholeAndOnlyUnderThePrefix(StoreTarget target)
      throws Exception {
    RealStore store = target.running();
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      String[] ids = new String[MORE_THAN_A_PAGE + 1];
      inParallel(MORE_THAN_A_PAGE, n -> ids[n] = aws.createMultipartUpload(r -> r.bucket(bucket)
          .key(String.format("many/%04d.bin", n))).uploadId());
      aws.createMultipartUpload(r -> r.bucket(bucket).key("other/x.bin"));
      String outcome;
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
        List<PendingUpload> listed = s3.listUploads("many/");
        assertThat(listed).as("%s", target).hasSize(MORE_THAN_A_PAGE)
            .allSatisfy(u -> assertThat(u.key()).startsWith("many/"));
        assertThat(listed.stream().map(PendingUpload::uploadId).collect(Collectors.toSet()))
            .containsExactlyInAnyOrderElementsOf(java.util.Arrays.asList(ids).subList(1,
                ids.length));
        outcome = "works";
      } catch (UploadException e) {
        outcome = Outcomes.of(e);
      } finally {
        inParallel(MORE_THAN_A_PAGE, n -> aws.abortMultipartUpload(r -> r.bucket(bucket)
            .key(String.format("many/%04d.bin", n)).uploadId(ids[n])));
        LifecycleConformanceTest.open(aws, bucket, "other/").forEach(u ->
            aws.abortMultipartUpload(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
      }
      Matrix.record(LifecycleConformanceTest.SECTION,
          "list uploads, 1,001 under a prefix (two pages), none outside it", target, outcome);
    }
  }
}
