package io.unipart.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.MultipartUploader;
import io.unipart.PartContent;
import io.unipart.TransferOptions;
import io.unipart.UploadException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.s3.S3InitiateRequest;
import io.unipart.s3.S3MultipartClient;
import io.unipart.s3.ServerSideEncryption;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 multipart lifecycle, unchanged on every store, each cell recorded in the {@link Matrix}:
 * a default upload lands the exact bytes (read back by AWS's own client, not ours), parts and
 * uploads are listed, abort leaves nothing open, unusual keys round-trip or are refused, and an
 * SSE-C upload is never reported done while the object reads without its key. Whatever a store
 * does, a test fails on a wrong object, a success that did not happen, or an upload left open.
 */
class LifecycleConformanceTest {
  static final String SECTION = "Lifecycle";
  static final int MIB = 1 << 20;

  @TempDir Path dir;

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** A fresh bucket for one test, made by AWS's client. */
  static String bucket(S3Client aws) {
    String name = "conf-" + UUID.randomUUID().toString().substring(0, 12);
    aws.createBucket(r -> r.bucket(name));
    return name;
  }

  static List<MultipartUpload> open(S3Client aws, String bucket, String prefix) {
    return aws.listMultipartUploads(r -> r.bucket(bucket).prefix(prefix)).uploads();
  }

  static boolean exists(S3Client aws, String bucket, String key) {
    return aws.listObjectsV2(r -> r.bucket(bucket).prefix(key)).contents().stream()
        .anyMatch(o -> o.key().equals(key));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void aDefaultUploadLandsTheExactBytes(StoreTarget target) throws Exception {
    RealStore store = target.running();
    byte[] data = bytes(23_000_000, 1);
    Path file = Files.write(dir.resolve("f.bin"), data);
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = bucket(aws);
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
        UploadResult result = MultipartUploader.builder(s3).build().upload(file,
            UploadRequest.builder().key("whole/f.bin").build());
        assertThat(result.size()).isEqualTo(data.length);
        assertThat(result.parts()).hasSize(3);
      }
      byte[] landed = aws.getObjectAsBytes(r -> r.bucket(bucket).key("whole/f.bin"))
          .asByteArray();
      assertThat(sha256(landed)).isEqualTo(sha256(data));
      assertThat(open(aws, bucket, "whole/")).isEmpty();
    }
    Matrix.record(SECTION, "23 MB file, default options, read back by AWS's client", target,
        "works");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void partsAndUploadsAreListedAndAbortLeavesNothingOpen(StoreTarget target) throws Exception {
    RealStore store = target.running();
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = bucket(aws);
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
        UploadSession session = s3.initiate(UploadRequest.builder().key("open/a.bin").build());
        s3.uploadPart(session, 1, PartContent.ofBytes(bytes(5 * MIB, 2)));
        s3.uploadPart(session, 2, PartContent.ofBytes(bytes(1000, 3)));

        List<UploadedPart> listed = s3.listParts(session);
        assertThat(listed).extracting(UploadedPart::partNumber).containsExactly(1, 2);
        assertThat(listed).extracting(UploadedPart::size).containsExactly(5L * MIB, 1000L);
        Matrix.record(SECTION, "list parts", target, "works");
        assertThat(s3.listUploads("open/")).extracting(p -> p.uploadId())
            .contains(session.uploadId());
        assertThat(open(aws, bucket, "open/")).extracting(MultipartUpload::uploadId)
            .containsExactly(session.uploadId());
        Matrix.record(SECTION, "list uploads", target, "works");

        s3.abort(session);
        assertThat(open(aws, bucket, "open/")).isEmpty();
        Matrix.record(SECTION, "abort leaves nothing open", target, "works");

        // What each call says of an upload that is gone: S3 answers 404 NoSuchUpload.
        record(target, "after abort: a part", () -> s3.uploadPart(session, 3,
            PartContent.ofBytes(bytes(1000, 4))));
        record(target, "after abort: list parts", () -> s3.listParts(session));
        record(target, "after abort: complete", () -> s3.complete(session, listed));
        record(target, "after abort: abort again", () -> s3.abort(session));
        assertThat(open(aws, bucket, "open/")).isEmpty();
      }
    }
  }

  /**
   * Parts of different sizes in one upload, growing as a stream's do (issue 30): S3 sets limits
   * per part (5 MiB to 5 GiB, the last excepted) and none on sizes matching, so a stream of
   * unknown length may grow its parts; each store must take them and keep the bytes in order.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void partsOfGrowingSizesMakeOneObject(StoreTarget target) throws Exception {
    RealStore store = target.running();
    byte[][] parts = {bytes(5 * MIB, 21), bytes(6 * MIB, 22), bytes(7 * MIB, 23),
        bytes(1000, 24)};
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    String outcome;
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = bucket(aws);
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
        UploadSession session = s3.initiate(UploadRequest.builder().key("grow/a.bin").build());
        List<UploadedPart> sent = new java.util.ArrayList<>();
        try {
          for (int i = 0; i < parts.length; i++) {
            sent.add(s3.uploadPart(session, i + 1, PartContent.ofBytes(parts[i])));
            whole.write(parts[i]);
          }
          s3.complete(session, sent);
          byte[] landed = aws.getObjectAsBytes(r -> r.bucket(bucket).key("grow/a.bin"))
              .asByteArray();
          assertThat(sha256(landed)).isEqualTo(sha256(whole.toByteArray()));
          outcome = "works";
        } catch (io.unipart.UploadException e) {
          s3.abort(session);
          outcome = Outcomes.of(e);
        }
      }
      assertThat(open(aws, bucket, "grow/")).isEmpty();
    }
    Matrix.record(SECTION, "parts of growing sizes (5, 6, 7 MiB, then 1,000 bytes)", target,
        outcome);
  }

  /** Records how a call to an upload that is gone ends: the typed error, or a success. */
  private static void record(StoreTarget target, String row, Runnable call) {
    String outcome;
    try {
      call.run();
      outcome = "succeeds";
    } catch (io.unipart.UploadException e) {
      outcome = e instanceof io.unipart.UploadNotFoundException
          ? Outcomes.of(e).replace("refused (", "upload not found (") : Outcomes.of(e);
    }
    Matrix.record(SECTION, row, target, outcome);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void unusualKeysRoundTripOrAreRefusedLeavingNothing(StoreTarget target) throws Exception {
    RealStore store = target.running();
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("key with spaces", "with space.bin");
    keys.put("key with + and %", "plus+per%25cent%.bin");
    keys.put("key in unicode", "ünïcødé/日本語.bin");
    keys.put("key with //", "double//slash.bin");
    keys.put("key of 1,024 bytes", "k/" + "x".repeat(1022));
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = bucket(aws);
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).build()) {
        MultipartUploader uploader = MultipartUploader.builder(s3).build();
        int i = 0;
        for (Map.Entry<String, String> k : keys.entrySet()) {
          String key = k.getValue();
          byte[] data = bytes(1000 + i, 10 + i++);
          String outcome;
          try {
            uploader.upload(new ByteArrayInputStream(data),
                UploadRequest.builder().key(key).build());
            byte[] landed = aws.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
            assertThat(landed).as("%s on %s", key, target).isEqualTo(data);
            outcome = "works";
          } catch (UploadException e) {
            outcome = Outcomes.of(e);
            assertThat(open(aws, bucket, "")).as("left open after %s", outcome).isEmpty();
          }
          Matrix.record(SECTION, k.getKey(), target, outcome);
        }
      }
    }
  }

  /**
   * A key with {@code .} and {@code ..} segments, sent exactly as typed through the JDK's HTTP
   * client (OkHttp, the default, would resolve the segments away, so unipart refuses such a key
   * there before any call). The cell says whether the store kept the key as typed.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void aKeyWithDotSegmentsLandsAsTypedOrTheMatrixSaysWhatTheStoreMadeOfIt(StoreTarget target)
      throws Exception {
    RealStore store = target.running();
    java.net.http.HttpClient.Builder http = java.net.http.HttpClient.newBuilder()
        .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
        .connectTimeout(java.time.Duration.ofSeconds(10));
    if (target.scheme().equals("https") && store.caBundle().isPresent()) {
      http.sslContext(RealStore.sslContext(store.caBundle().get()));
    }
    String key = "dots/./a/../b.bin";
    byte[] data = bytes(1234, 21);
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = bucket(aws);
      String outcome;
      try (S3MultipartClient s3 = store.clientThrough(target.scheme(), bucket,
          io.unipart.http.JdkHttpTransport.create(http.build())).build()) {
        MultipartUploader.builder(s3).build().upload(new ByteArrayInputStream(data),
            UploadRequest.builder().key(key).build());
        java.util.List<String> stored = aws.listObjectsV2(r -> r.bucket(bucket).prefix("dots"))
            .contents().stream().map(software.amazon.awssdk.services.s3.model.S3Object::key)
            .collect(java.util.stream.Collectors.toList());
        outcome = stored.equals(java.util.List.of(key)) ? "works: kept as typed"
            : "the store kept it as " + stored;
      } catch (UploadException e) {
        outcome = Outcomes.of(e);
      }
      assertThat(open(aws, bucket, "")).as("left open: %s", target).isEmpty();
      Matrix.record(SECTION, "key with . and .. segments (JDK HTTP client)", target, outcome);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void anSseCUploadIsNeverReportedDoneWhileTheObjectReadsWithoutItsKey(StoreTarget target)
      throws Exception {
    RealStore store = target.running();
    byte[] key = bytes(32, 4);
    byte[] data = bytes(6 * MIB, 5);
    Path file = Files.write(dir.resolve("secret.bin"), data);
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = bucket(aws);
      ServerSideEncryption sse = ServerSideEncryption.customerKey(key);
      UploadResult result = null;
      UploadException refused = null;
      try (S3MultipartClient s3 = store.client(target.scheme(), bucket).customerKey(sse)
          .build()) {
        UploadSession session = s3.initiate(S3InitiateRequest.builder(
            UploadRequest.builder().key("sse/secret.bin").build()).serverSideEncryption(sse)
            .build());
        result = MultipartUploader.builder(s3).build().upload(file, session,
            TransferOptions.defaults());
      } catch (UploadException e) {
        refused = e;
      }
      if (result == null) {
        assertThat(open(aws, bucket, "")).isEmpty();
        assertThat(exists(aws, bucket, "sse/secret.bin"))
            .as("an object was left after the refusal: %s", refused).isFalse();
        assertThat(aws.listObjectsV2(r -> r.bucket(bucket)).contents())
            .as("the SSE-C probe object was deleted").isEmpty();
        Matrix.record(SECTION, "SSE-C", target, Outcomes.of(refused));
        return;
      }
      S3Exception withoutKey = catchThrowableOfType(S3Exception.class,
          () -> aws.getObjectAsBytes(r -> r.bucket(bucket).key("sse/secret.bin")));
      assertThat(withoutKey).as("%s reported done, and the object reads without its key",
          target).isNotNull();
      assertThat(withoutKey.statusCode()).isBetween(400, 403);
      Matrix.record(SECTION, "SSE-C", target, "works: a GET without the key is "
          + Outcomes.of(withoutKey));
    }
  }
}
