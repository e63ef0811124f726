package io.unipart.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.PartContent;
import io.unipart.UploadConflictException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.s3.S3MultipartClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a store does to objects already there: {@code overwrite(false)} against an object that
 * appeared while the upload ran must never replace it (some stores ignore the condition; unipart
 * then looks first), and an abort must not touch a live object of the same key (one store here
 * deletes it: a store fault the matrix shows, which no client can undo). And a part sent through a
 * presigned URL by a plain HTTP client, as a browser would.
 */
class SafetyConformanceTest {
  static final String SECTION = "Objects already there, presigned parts";

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void noOverwriteNeverReplacesAnObjectThatAppearedMeanwhile(StoreTarget target)
      throws Exception {
    RealStore store = target.running();
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      String outcome;
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
        UploadSession session = s3.initiate(UploadRequest.builder().key("taken.bin")
            .overwrite(false).build());
        UploadedPart part = s3.uploadPart(session, 1, PartContent.ofBytes(bytes(1000, 1)));
        aws.putObject(r -> r.bucket(bucket).key("taken.bin"),
            RequestBody.fromString("written meanwhile"));
        UploadConflictException e = catchThrowableOfType(() -> s3.complete(session,
            List.of(part)), UploadConflictException.class);
        assertThat(e).as("%s: complete replaced or failed otherwise", target).isNotNull();
        outcome = "works: refused (" + e.httpStatus() + " " + e.errorCode() + ")";
        assertThat(aws.getObjectAsBytes(r -> r.bucket(bucket).key("taken.bin")).asUtf8String())
            .as("the object that appeared meanwhile").isEqualTo("written meanwhile");
        // Aborting it afterwards is what the uploader does; where the store deletes the live
        // object on abort, the abort row of this table says so.
        s3.abort(session);
      }
      Matrix.record(SECTION, "overwrite(false), object appeared before complete", target,
          outcome);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void abortLeavesALiveObjectOfTheSameKeyOrTheMatrixSaysNot(StoreTarget target)
      throws Exception {
    RealStore store = target.running();
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      aws.putObject(r -> r.bucket(bucket).key("live.bin"), RequestBody.fromString("live"));
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
        UploadSession session = s3.initiate(UploadRequest.builder().key("live.bin").build());
        s3.uploadPart(session, 1, PartContent.ofBytes(bytes(1000, 2)));
        s3.abort(session);
      }
      assertThat(LifecycleConformanceTest.open(aws, bucket, "")).isEmpty();
      boolean kept = LifecycleConformanceTest.exists(aws, bucket, "live.bin");
      if (kept) {
        assertThat(aws.getObjectAsBytes(r -> r.bucket(bucket).key("live.bin")).asUtf8String())
            .isEqualTo("live");
      }
      Matrix.record(SECTION, "abort of an upload whose key holds a live object", target,
          kept ? "works: the object is kept" : "the store deletes the live object");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void aPartSentThroughAPresignedUrlByAPlainHttpClientLands(StoreTarget target)
      throws Exception {
    RealStore store = target.running();
    byte[] one = bytes(5 << 20, 3);
    byte[] two = bytes(1000, 4);
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      HttpClient.Builder plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
      if (target.scheme().equals("https") && store.caBundle().isPresent()) {
        plain.sslContext(RealStore.sslContext(store.caBundle().get()));
      }
      HttpClient http = plain.build();
      String outcome;
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
        UploadSession session = s3.initiate(UploadRequest.builder().key("presigned.bin").build());
        List<UploadedPart> parts = new java.util.ArrayList<>();
        int n = 1;
        for (byte[] body : List.of(one, two)) {
          URI url = s3.presignPart(session, n, Duration.ofMinutes(5));
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(url)
              .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
          assertThat(r.statusCode()).as("%s: %s", target, r.body()).isEqualTo(200);
          parts.add(UploadedPart.of(n++, r.headers().firstValue("ETag").orElseThrow(),
              body.length));
        }
        UploadResult done = s3.complete(session, parts);
        assertThat(done.size()).isEqualTo(one.length + two.length);
        outcome = "works";
      }
      byte[] landed = aws.getObjectAsBytes(r -> r.bucket(bucket).key("presigned.bin"))
          .asByteArray();
      byte[] expected = new byte[one.length + two.length];
      System.arraycopy(one, 0, expected, 0, one.length);
      System.arraycopy(two, 0, expected, one.length, two.length);
      assertThat(landed).isEqualTo(expected);
      Matrix.record(SECTION, "parts through presigned URLs, sent by a plain HTTP client", target,
          outcome);
    }
  }
}
