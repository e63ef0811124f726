package io.unipart.conformance;

import io.unipart.ObjectHeaders;
import io.unipart.PartContent;
import io.unipart.UploadException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.s3.CannedAcl;
import io.unipart.s3.S3InitiateRequest;
import io.unipart.s3.S3MultipartClient;
import io.unipart.s3.ServerSideEncryption;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each initiate option on every store: started with it, one part, completed, and then looked at
 * by AWS's client: {@code kept} when the object shows it, {@code dropped} when it does not
 * (the store took the option with a 200 and forgot it), or refused. For SSE-S3, a store's word is
 * all there is: {@code reported} says only that it says so. And S3's rule that every part but the
 * last is at least 5 MiB: refused at complete, or taken by a store that does not enforce it.
 */
class InitiateOptionsConformanceTest {
  static final String SECTION = "Initiate options, part rules";

  /** An option: how it is set, and how the finished object shows it. */
  record Option(String row, UnaryOperator<S3InitiateRequest.Builder> set,
      Function<Look, Boolean> kept) {
    @Override
    public String toString() {
      return row;
    }
  }

  /** What AWS's client sees of the finished object. */
  record Look(S3Client aws, String bucket, String key, HeadObjectResponse head) {}

  static List<Option> options() {
    return List.of(
        new Option("content type", b -> b.upload(u -> u.contentType("video/mp4")),
            l -> "video/mp4".equals(l.head().contentType())),
        new Option("user metadata", b -> b.upload(u -> u.metadata("owner", "media-team")),
            l -> "media-team".equals(l.head().metadata().get("owner"))),
        new Option("Cache-Control, Content-Disposition", b -> b.objectHeaders(
            ObjectHeaders.builder().cacheControl("max-age=60")
                .contentDisposition("attachment").build()),
            l -> "max-age=60".equals(l.head().cacheControl())
                && "attachment".equals(l.head().contentDisposition())),
        new Option("tags", b -> b.objectHeaders(ObjectHeaders.builder().tag("team", "media")
            .build()),
            l -> l.aws().getObjectTagging(r -> r.bucket(l.bucket()).key(l.key())).tagSet()
                .stream().anyMatch(t -> t.key().equals("team") && t.value().equals("media"))),
        new Option("storage class STANDARD_IA", b -> b.storageClass("STANDARD_IA"),
            l -> "STANDARD_IA".equals(l.head().storageClassAsString())),
        new Option("canned ACL public-read", b -> b.acl(CannedAcl.PUBLIC_READ),
            l -> l.aws().getObjectAcl(r -> r.bucket(l.bucket()).key(l.key())).grants().stream()
                .anyMatch(g -> g.grantee().uri() != null
                    && g.grantee().uri().endsWith("/global/AllUsers"))),
        new Option("SSE-S3", b -> b.serverSideEncryption(ServerSideEncryption.s3()),
            l -> "AES256".equals(l.head().serverSideEncryptionAsString())));
  }

  static Stream<Arguments> cells() {
    return StoreTarget.all().flatMap(t -> options().stream()
        .map(o -> Arguments.of(t.get()[0], o)));
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cells")
  void eachOptionIsKeptDroppedOrRefused(StoreTarget target, Option option) throws Exception {
    RealStore store = target.running();
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      String outcome;
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
        UploadSession session = s3.initiate(option.set().apply(S3InitiateRequest.builder(
            UploadRequest.builder().key("o.bin").build())).build());
        UploadedPart part = s3.uploadPart(session, 1, PartContent.ofBytes(bytes(1000)));
        s3.complete(session, List.of(part));
        HeadObjectResponse head = aws.headObject(r -> r.bucket(bucket).key("o.bin"));
        boolean kept;
        try {
          kept = option.kept().apply(new Look(aws, bucket, "o.bin", head));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
          kept = false;
        }
        outcome = kept ? (option.row().equals("SSE-S3") ? "reported" : "kept")
            : (option.row().equals("SSE-S3") ? "not reported" : "dropped");
      } catch (UploadException e) {
        outcome = Outcomes.of(e);
      }
      assertThat(LifecycleConformanceTest.open(aws, bucket, "")).as("left open").isEmpty();
      Matrix.record(SECTION, option.row(), target, outcome);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void aPartUnderTheMinimumIsRefusedAtCompleteOrTaken(StoreTarget target) throws Exception {
    RealStore store = target.running();
    byte[] one = bytes(1000);
    byte[] two = bytes(1001);
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      String outcome;
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
        UploadSession session = s3.initiate(UploadRequest.builder().key("small.bin").build());
        List<UploadedPart> parts = List.of(
            s3.uploadPart(session, 1, PartContent.ofBytes(one)),
            s3.uploadPart(session, 2, PartContent.ofBytes(two)));
        try {
          s3.complete(session, parts);
          byte[] landed = aws.getObjectAsBytes(r -> r.bucket(bucket).key("small.bin"))
              .asByteArray();
          assertThat(landed).hasSize(one.length + two.length);
          outcome = "taken (not enforced)";
        } catch (UploadException e) {
          outcome = Outcomes.of(e).replace("refused", "verified");
          s3.abort(session);
        }
      }
      assertThat(LifecycleConformanceTest.open(aws, bucket, "")).isEmpty();
      Matrix.record(SECTION, "a part under 5 MiB before the last", target, outcome);
    }
  }
}
