package io.unipart.s3;

import io.unipart.http.HttpTransport;
import io.unipart.http.OkHttpTransport;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.MultipartUploader;
import io.unipart.PartContent;
import io.unipart.RetryPolicy;
import io.unipart.Transfer;
import io.unipart.TransferOptions;
import io.unipart.UploadCheckpoint;
import io.unipart.UploadFailedException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.testkit.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Whole uploads against a real S3-compatible server with authentication on (S3Proxy): the bytes
 * are downloaded back with AWS's own SDK and compared by SHA-256; aborted uploads are gone from
 * the server's own listing; a resume sends only the parts the server lacks.
 */
class S3ProxyUploadTest {
  static final String AK = "unipart-access";
  static final String SK = "unipart-secret/with+chars";
  static final String BUCKET = "upload-bucket";
  static final int MIB = 1 << 20;

  static S3ProxyServer server;
  static S3Client aws;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.start(Path.of(System.getProperty("s3proxy.jar")), AK, SK, BUCKET);
    aws = S3Client.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AK, SK)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @AfterAll
  static void stop() {
    if (aws != null) {
      aws.close();
    }
    if (server != null) {
      server.close();
    }
  }

  static S3MultipartClient client(HttpTransport transport, RetryPolicy retry) {
    S3MultipartClient.Builder b = S3MultipartClient.builder()
        .endpoint(server.endpoint().toString())
        .region("us-east-1")
        .bucket(BUCKET)
        .credentials(AwsCredentials.of(AK, SK))
        .retryPolicy(retry);
    if (transport != null) {
      b.transport(transport);
    }
    return b.build();
  }

  Path randomFile(String name, long size, long seed) throws IOException {
    Path file = dir.resolve(name);
    Random random = new Random(seed);
    byte[] chunk = new byte[MIB];
    try (var out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    return file;
  }

  static String sha256(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  static String sha256(InputStream in) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) != -1) {
      md.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  static String downloadedSha256(String key) throws Exception {
    try (InputStream in = aws.getObject(r -> r.bucket(BUCKET).key(key),
        ResponseTransformer.toInputStream())) {
      return sha256(in);
    }
  }

  static boolean listed(String uploadId) {
    return aws.listMultipartUploads(r -> r.bucket(BUCKET)).uploads().stream()
        .anyMatch(u -> u.uploadId().equals(uploadId));
  }

  @Test
  void a64MiBFileIn5MiBPartsRoundTrips() throws Exception {
    Path file = randomFile("big.bin", 64L * MIB, 64);
    List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
    try (S3MultipartClient c = client(null, RetryPolicy.defaults())) {
      UploadResult result = MultipartUploader.builder(c).build().upload(file,
          UploadRequest.builder().key("files/big 64.bin").partSize(5L * MIB).build(),
          TransferOptions.builder()
              .progressListener(p -> acknowledged.add(p.transferredBytes())).build());

      assertThat(result.size()).isEqualTo(64L * MIB);
      assertThat(result.parts()).hasSize(13);
      assertThat(result.parts().get(12).size()).isEqualTo(64L * MIB - 12L * 5 * MIB);
      assertThat(result.etag()).isPresent();
      assertThat(downloadedSha256("files/big 64.bin")).isEqualTo(sha256(file));
      assertThat(acknowledged).hasSize(13).isSorted().endsWith(64L * MIB);
      assertThat(listed(result.uploadId())).isFalse();
    }
  }

  @Test
  void aStreamOfUnknownLengthRoundTrips() throws Exception {
    long size = 23L * MIB + 17;
    Path file = randomFile("stream.bin", size, 23);
    try (S3MultipartClient c = client(null, RetryPolicy.defaults());
        InputStream in = Files.newInputStream(file)) {
      UploadResult result = MultipartUploader.builder(c).concurrency(3).build().upload(in,
          UploadRequest.builder().key("streams/unknown.bin").partSize(5L * MIB).build());

      assertThat(result.size()).isEqualTo(size);
      assertThat(result.parts()).extracting(UploadedPart::partNumber)
          .containsExactly(1, 2, 3, 4, 5);
      assertThat(downloadedSha256("streams/unknown.bin")).isEqualTo(sha256(file));
    }
  }

  @Test
  void theJdkTransportSendsAwsChunkedPartsToo() throws Exception {
    Path file = randomFile("jdk.bin", 7L * MIB + 5, 77);
    try (S3MultipartClient c = client(io.unipart.http.JdkHttpTransport.create(),
        RetryPolicy.defaults())) {
      UploadResult result = MultipartUploader.builder(c).build().upload(file,
          UploadRequest.builder().key("jdk/b.bin").partSize(5L * MIB).build());
      assertThat(result.parts()).hasSize(2);
      assertThat(downloadedSha256("jdk/b.bin")).isEqualTo(sha256(file));
    }
  }

  @Test
  void everyPayloadSigningChoiceIsAcceptedByTheRealServer() throws Exception {
    Path file = randomFile("signing.bin", 6L * MIB + 9, 69);
    for (PayloadSigning signing : PayloadSigning.values()) {
      String key = "signing/" + signing.name().toLowerCase(java.util.Locale.ROOT) + ".bin";
      try (S3MultipartClient c = S3MultipartClient.builder()
          .endpoint(server.endpoint().toString()).region("us-east-1").bucket(BUCKET)
          .credentials(AwsCredentials.of(AK, SK)).payloadSigning(signing).build()) {
        MultipartUploader.builder(c).build().upload(file,
            UploadRequest.builder().key(key).partSize(5L * MIB).build());
      }
      assertThat(downloadedSha256(key)).as("%s", signing).isEqualTo(sha256(file));
    }
  }

  @Test
  void aSessionStartedWithS3OptionsIsUploadedWithThem() throws Exception {
    Path file = randomFile("typed.bin", 12L * MIB, 12);
    try (S3MultipartClient c = client(null, RetryPolicy.defaults())) {
      UploadSession session = c.initiate(S3InitiateRequest.builder(UploadRequest.builder()
          .key("typed/video.mp4").contentType("video/mp4").metadata("owner", "media-team")
          .partSize(6L * MIB).contentLength(12L * MIB).build()).build());

      UploadResult result = MultipartUploader.builder(c).build().upload(file, session,
          TransferOptions.defaults());

      assertThat(result.uploadId()).isEqualTo(session.uploadId());
      assertThat(result.parts()).hasSize(2);
      var head = aws.headObject(r -> r.bucket(BUCKET).key("typed/video.mp4"));
      assertThat(head.contentType()).isEqualTo("video/mp4");
      assertThat(head.metadata()).containsEntry("owner", "media-team");
      assertThat(downloadedSha256("typed/video.mp4")).isEqualTo(sha256(file));
    }
  }

  @Test
  void anEmptyFileBecomesAnEmptyObject() throws Exception {
    Path file = Files.createFile(dir.resolve("empty"));
    try (S3MultipartClient c = client(null, RetryPolicy.defaults())) {
      UploadResult result = MultipartUploader.builder(c).build()
          .upload(file, UploadRequest.builder().key("empty.bin").build());
      assertThat(result.size()).isZero();
      assertThat(aws.headObject(r -> r.bucket(BUCKET).key("empty.bin")).contentLength())
          .isZero();
    }
  }

  @Test
  void cancelAbortsAndTheServerListsNoUpload() throws Exception {
    Path file = randomFile("cancel.bin", 30L * MIB, 30);
    CountDownLatch firstPart = new CountDownLatch(1);
    try (S3MultipartClient c = client(null, RetryPolicy.defaults())) {
      Transfer t = MultipartUploader.builder(c).concurrency(2).build().start(file,
          UploadRequest.builder().key("cancelled.bin").partSize(5L * MIB).build(),
          TransferOptions.builder().progressListener(p -> firstPart.countDown()).build());
      firstPart.await();
      t.cancel();
      UploadFailedException e = catchThrowableOfType(t::join, UploadFailedException.class);

      assertThat(e.cancelled()).isTrue();
      assertThat(e.aborted()).isTrue();
      assertThat(e.getMessage()).contains("was cancelled").contains("aborted");
      assertThat(listed(e.session().uploadId())).isFalse();
      assertThat(aws.listObjectsV2(r -> r.bucket(BUCKET).prefix("cancelled")).contents())
          .isEmpty();
    }
  }

  @Test
  void aResumeAfterStoppingHalfwaySendsOnlyTheMissingParts() throws Exception {
    Path file = randomFile("resume.bin", 64L * MIB, 7);
    Path checkpoint = dir.resolve("resume.checkpoint");
    UploadRequest request =
        UploadRequest.builder().key("resumed/file.bin").partSize(5L * MIB).build();

    // First run: parts after 6 fail (the network "goes away"); one part at a time so exactly
    // parts 1..6 reach the server.
    CountingTransport failing =
        new CountingTransport(r -> partNumber(r) > 6);
    UploadFailedException failure;
    try (S3MultipartClient c = client(failing, RetryPolicy.none())) {
      failure = catchThrowableOfType(
          () -> MultipartUploader.builder(c).concurrency(1).build().upload(file, request,
              TransferOptions.builder().checkpoint(checkpoint).build()),
          UploadFailedException.class);
    }
    assertThat(failure.aborted()).isFalse();
    assertThat(failure.checkpoint()).contains(checkpoint);
    assertThat(failure.getMessage()).contains("kept for resume").contains("6 parts");
    assertThat(UploadCheckpoint.read(checkpoint).parts()).extracting(UploadedPart::partNumber)
        .containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(listed(failure.session().uploadId())).isTrue();

    // Second run: only parts 7..13 are sent.
    CountingTransport counting = new CountingTransport(r -> false);
    try (S3MultipartClient c = client(counting, RetryPolicy.defaults())) {
      UploadResult result = MultipartUploader.builder(c).build().resume(checkpoint, file);
      assertThat(result.parts()).hasSize(13);
    }
    assertThat(counting.partNumbersSent()).containsExactlyInAnyOrder(7, 8, 9, 10, 11, 12, 13);
    assertThat(counting.methods()).containsOnly("GET", "PUT", "POST");
    assertThat(downloadedSha256("resumed/file.bin")).isEqualTo(sha256(file));
    assertThat(checkpoint).doesNotExist();
  }

  /**
   * Two files of one size must never be spliced into one object: a swapped file, a truncated
   * one, and one edited in a byte of a part already sent are each refused before any request
   * that changes the server's state, and the upload then still finishes from the right file.
   */
  @Test
  void resumeRefusesAnyFileButTheSourceAndTheRightFileStillFinishes() throws Exception {
    Path file = randomFile("source.bin", 16L * MIB, 31);
    Path checkpoint = dir.resolve("source.checkpoint");
    UploadRequest request = UploadRequest.builder().key("integrity/source.bin")
        .partSize(5L * MIB).build();
    try (S3MultipartClient c = client(new CountingTransport(r -> partNumber(r) > 2),
        RetryPolicy.none())) {
      catchThrowableOfType(() -> MultipartUploader.builder(c).concurrency(1).build()
          .upload(file, request, TransferOptions.builder().checkpoint(checkpoint).build()),
          UploadFailedException.class);
    }
    String kept = Files.readString(checkpoint);
    String uploadId = UploadCheckpoint.read(checkpoint).session().uploadId();

    byte[] original = Files.readAllBytes(file);
    Path swapped = randomFile("swapped.bin", 16L * MIB, 32);
    Path truncated = Files.write(dir.resolve("truncated.bin"),
        java.util.Arrays.copyOf(original, 12 * MIB));
    byte[] one = original.clone();
    one[5 * MIB + 12345] ^= 0x40;
    Path edited = Files.write(dir.resolve("edited.bin"), one);
    String[][] cases = {
        {swapped.toString(), "part 1 is the first that differs"},
        {truncated.toString(), "part 3 is the first that differs"},
        {edited.toString(), "part 2 is the first that differs"}};
    for (String[] c : cases) {
      CountingTransport counting = new CountingTransport(r -> false);
      try (S3MultipartClient client = client(counting, RetryPolicy.defaults())) {
        io.unipart.InvalidRequestException e = catchThrowableOfType(
            () -> MultipartUploader.builder(client).build().resume(checkpoint, Path.of(c[0])),
            io.unipart.InvalidRequestException.class);
        assertThat(e).as(c[0]).isNotNull();
        assertThat(e.getMessage()).contains(c[1]);
      }
      assertThat(counting.methods()).as("requests sent for " + c[0]).isEmpty();
      assertThat(Files.readString(checkpoint)).isEqualTo(kept);
      assertThat(listed(uploadId)).isTrue();
    }

    CountingTransport counting = new CountingTransport(r -> false);
    try (S3MultipartClient c = client(counting, RetryPolicy.defaults())) {
      MultipartUploader.builder(c).build().resume(checkpoint, file);
    }
    assertThat(counting.partNumbersSent()).containsExactlyInAnyOrder(3, 4);
    assertThat(downloadedSha256("integrity/source.bin")).isEqualTo(sha256(file));
  }

  @Test
  void listUploadsShowsWhatAwssOwnListingShowsAndAbortClearsThem() throws Exception {
    List<String> ids = new ArrayList<>();
    try (S3MultipartClient c = client(null, RetryPolicy.defaults())) {
      assertThat(c.capabilities().canListUploads()).isTrue();
      for (String key : new String[] {"orphans/a b.bin", "orphans/ü/c+d.bin", "orphans/a b.bin",
          "elsewhere/x.bin"}) {
        ids.add(c.initiate(UploadRequest.builder().key(key).build()).uploadId());
      }
      List<io.unipart.PendingUpload> ours = c.listUploads("orphans/");
      var theirs = aws.listMultipartUploads(r -> r.bucket(BUCKET).prefix("orphans/")).uploads();
      assertThat(ours).extracting(u -> u.key() + " " + u.uploadId())
          .containsExactlyElementsOf(theirs.stream().map(u -> u.key() + " " + u.uploadId())
              .collect(java.util.stream.Collectors.toList()));
      assertThat(ours).hasSize(3);
      for (io.unipart.PendingUpload u : ours) {
        assertThat(u.initiated()).isPresent();
        assertThat(u.initiated().get())
            .isBetween(java.time.Instant.now().minusSeconds(600), java.time.Instant.now()
                .plusSeconds(60));
      }
      assertThat(c.listUploads("")).extracting(io.unipart.PendingUpload::uploadId)
          .contains(ids.get(3));
      for (io.unipart.PendingUpload u : ours) {
        c.abort(u.session());
      }
      assertThat(c.listUploads("orphans/")).isEmpty();
      assertThat(aws.listMultipartUploads(r -> r.bucket(BUCKET).prefix("orphans/")).uploads())
          .isEmpty();
      c.abort(c.listUploads("elsewhere/").get(0).session());
    }
  }

  @Test
  void flexibleChecksumsAreCheckedByTheRealServerAndItsObjectChecksumByTheClient()
      throws Exception {
    Path file = randomFile("checksummed.bin", 11L * MIB, 41);
    for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
      String key = "checksummed/" + algorithm + ".bin";
      try (S3MultipartClient c = S3MultipartClient.builder()
          .endpoint(server.endpoint().toString()).region("us-east-1").bucket(BUCKET)
          .credentials(AwsCredentials.of(AK, SK)).checksumAlgorithm(algorithm).build()) {
        UploadResult result = MultipartUploader.builder(c).build().upload(file,
            UploadRequest.builder().key(key).partSize(5L * MIB).build());
        assertThat(result.parts()).allSatisfy(p -> assertThat(p.checksum()).isPresent());
        // S3Proxy states the object's checksum (composite, or CRC64NVME full-object) and the
        // client held it to the one its parts make: a mismatch would have thrown.
        assertThat(result.checksum()).isPresent();
        assertThat(result.checksum().get().algorithm()).isEqualTo(algorithm.name());
        assertThat(result.checksum().get().value().endsWith("-3"))
            .isEqualTo(algorithm != ChecksumAlgorithm.CRC64NVME);
      }
      assertThat(downloadedSha256(key)).isEqualTo(sha256(file));
    }
  }

  /**
   * Over https without a flexible checksum (the default off AWS) each part goes once, as it is,
   * {@code UNSIGNED-PAYLOAD}, its MD5 taken on the way and held to the real server's ETag. With
   * one, AWS would take it in an aws-chunked trailer; S3Proxy 4.1 takes a wrong trailer with a
   * 200, as the client's probe finds (a probe part with a wrong trailer is accepted), so the
   * client does not count on it: each part is hashed first and sent with Content-MD5 and the
   * checksum in a header, and its ETag is held to its MD5.
   */
  @Test
  void overHttpsATrailerS3ProxyDoesNotCheckGivesWayToTheEtagHeldToTheMd5() throws Exception {
    Path file = randomFile("trailer.bin", 11L * MIB, 45);
    try (S3ProxyServer tls = S3ProxyServer.startTls(Path.of(System.getProperty("s3proxy.jar")),
        AK, SK, BUCKET)) {
      okhttp3.OkHttpClient trusting = new okhttp3.OkHttpClient.Builder()
          .sslSocketFactory(tls.sslContext().getSocketFactory(), tls.trustManager()).build();
      List<ChecksumAlgorithm> algorithms = new java.util.ArrayList<>();
      algorithms.add(null);
      algorithms.addAll(List.of(ChecksumAlgorithm.values()));
      for (ChecksumAlgorithm algorithm : algorithms) {
        CountingTransport counting = new CountingTransport(r -> false,
            OkHttpTransport.create(trusting));
        try (S3MultipartClient c = S3MultipartClient.builder()
            .endpoint(tls.endpoint().toString()).region("us-east-1").bucket(BUCKET)
            .credentials(AwsCredentials.of(AK, SK)).checksumAlgorithm(algorithm)
            .transport(counting).build()) {
          UploadResult result = MultipartUploader.builder(c).build().upload(file,
              UploadRequest.builder().key("trailer/" + algorithm).partSize(5L * MIB).build());
          assertThat(result.checksum().isPresent()).isEqualTo(algorithm != null);
          List<HttpRequest> parts = counting.sent.stream()
              .filter(r -> r.method().equals("PUT")).collect(java.util.stream.Collectors.toList());
          assertThat(parts).hasSize(3).allSatisfy(r -> {
            assertThat(r.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
            assertThat(r.header("Content-MD5") != null).isEqualTo(algorithm != null);
          });
          assertThat(result.partChecks()).isEqualTo(Map.of(io.unipart.PartCheck.ETAG_MD5, 3));
          // The probe: one upload, a part with a wrong trailer taken (so none sent right), aborted.
          assertThat(counting.probes.stream().map(HttpRequest::operation)
              .collect(java.util.stream.Collectors.toList())).isEqualTo(algorithm == null
                  ? List.of() : List.of("probeInitiate", "probePart", "probeAbort"));
          try (S3Client overTls = S3Client.builder().endpointOverride(tls.endpoint())
              .region(Region.US_EAST_1).forcePathStyle(true)
              .credentialsProvider(StaticCredentialsProvider.create(
                  AwsBasicCredentials.create(AK, SK)))
              .httpClient(UrlConnectionHttpClient.builder()
                  .tlsTrustManagersProvider(() -> new javax.net.ssl.TrustManager[] {
                      tls.trustManager()}).build()).build();
              InputStream in = overTls.getObject(r -> r.bucket(BUCKET)
                  .key("trailer/" + algorithm), ResponseTransformer.toInputStream())) {
            assertThat(sha256(in)).isEqualTo(sha256(file));
          }
        }
      }
    }
  }

  @Test
  void overwriteFalseIsRefusedByTheRealServerOnceTheKeyExists() throws Exception {
    Path file = randomFile("conditional.bin", 6L * MIB, 43);
    UploadRequest request = UploadRequest.builder().key("conditional/once.bin").overwrite(false)
        .partSize(5L * MIB).build();
    try (S3MultipartClient c = client(null, RetryPolicy.defaults())) {
      MultipartUploader uploader = MultipartUploader.builder(c).build();
      uploader.upload(file, request);
      Path other = randomFile("conditional2.bin", 6L * MIB, 44);
      UploadFailedException e = catchThrowableOfType(() -> uploader.upload(other, request),
          UploadFailedException.class);
      assertThat(e.getCause()).isInstanceOf(io.unipart.UploadConflictException.class);
      assertThat(e.aborted()).isTrue();
    }
    assertThat(downloadedSha256("conditional/once.bin")).isEqualTo(sha256(file));
  }

  @Test
  void resumeFindsAPartTheCheckpointMissedByItsMd5() throws Exception {
    Path file = randomFile("missed.bin", 12L * MIB, 12);
    try (S3MultipartClient c = client(null, RetryPolicy.defaults())) {
      UploadSession s = c.initiate(UploadRequest.builder().key("missed.bin")
          .partSize(5L * MIB).contentLength(12L * MIB).build());
      // Part 1 reached the server, but the process died before the checkpoint said so.
      c.uploadPart(s, 1, PartContent.ofFile(file, 0, 5L * MIB));
      Path checkpoint = dir.resolve("missed.checkpoint");
      Files.writeString(checkpoint, UploadCheckpoint.fromJson(
          "{\"format\":1,\"session\":" + s.toJson() + ",\"partSize\":" + 5L * MIB
              + ",\"contentLength\":" + 12L * MIB + ",\"parts\":[]}").toJson());
      CountingTransport counting = new CountingTransport(r -> false);
      try (S3MultipartClient c2 = client(counting, RetryPolicy.defaults())) {
        MultipartUploader.builder(c2).build().resume(checkpoint, file);
      }
      assertThat(counting.partNumbersSent()).containsExactlyInAnyOrder(2, 3);
      assertThat(downloadedSha256("missed.bin")).isEqualTo(sha256(file));
    }
  }

  @Test
  void listPartsReturnsWhatUploadPartAcknowledged() throws Exception {
    Path file = randomFile("list.bin", 11L * MIB, 11);
    try (S3MultipartClient c = client(null, RetryPolicy.defaults())) {
      UploadSession s = c.initiate(UploadRequest.builder().key("list.bin").build());
      List<UploadedPart> sent = List.of(
          c.uploadPart(s, 1, PartContent.ofFile(file, 0, 5L * MIB)),
          c.uploadPart(s, 3, PartContent.ofFile(file, 5L * MIB, 6L * MIB)));
      // S3Proxy checks chunk signatures (the client's probe found a wrong one refused and a
      // right one taken), so that is what proved each part; a listing knows nothing of checks.
      assertThat(sent).allSatisfy(p ->
          assertThat(p.check()).contains(io.unipart.PartCheck.CHUNK_SIGNATURES));
      assertThat(c.listParts(s)).isEqualTo(
          sent.stream().map(p -> p.withCheck(null)).collect(java.util.stream.Collectors.toList()));
      c.abort(s);
      assertThat(listed(s.uploadId())).isFalse();
    }
  }

  @Test
  void presignedPartUrlsTakePartsWithoutCredentials() throws Exception {
    Path file = randomFile("presigned.bin", 7L * MIB, 5);
    HttpClient plain = HttpClient.newHttpClient();
    try (S3MultipartClient c = client(null, RetryPolicy.defaults())) {
      UploadSession s = c.initiate(UploadRequest.builder().key("presigned/p.bin").build());
      List<UploadedPart> parts = new ArrayList<>();
      long[][] ranges = {{0, 5L * MIB}, {5L * MIB, 2L * MIB}};
      for (int i = 0; i < 2; i++) {
        URI url = c.presignPart(s, i + 1, Duration.ofMinutes(5));
        assertThat(url.getRawQuery()).contains("X-Amz-Signature=").doesNotContain(SK);
        byte[] bytes = new byte[(int) ranges[i][1]];
        try (InputStream in = PartContent.ofFile(file, ranges[i][0], ranges[i][1]).openStream()) {
          assertThat(in.readNBytes(bytes, 0, bytes.length)).isEqualTo(bytes.length);
        }
        java.net.http.HttpResponse<String> put = plain.send(
            java.net.http.HttpRequest.newBuilder(url)
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        parts.add(UploadedPart.of(i + 1, put.headers().firstValue("ETag").orElseThrow(),
            bytes.length));
      }
      c.complete(s, parts);
      assertThat(downloadedSha256("presigned/p.bin")).isEqualTo(sha256(file));
    }
  }

  static int partNumber(HttpRequest r) {
    String q = r.uri().getRawQuery();
    if (!r.method().equals("PUT") || q == null || !q.startsWith("partNumber=")) {
      return -1;
    }
    return Integer.parseInt(q.substring("partNumber=".length(), q.indexOf('&')));
  }

  /**
   * The real transport, counting requests and failing the ones a test picks. The client's probes
   * of which part checks the store makes (their own upload of another key) are kept apart.
   */
  static final class CountingTransport implements HttpTransport {
    private final HttpTransport real;
    private final Predicate<HttpRequest> fail;
    final List<HttpRequest> sent = Collections.synchronizedList(new ArrayList<>());
    final List<HttpRequest> probes = Collections.synchronizedList(new ArrayList<>());

    CountingTransport(Predicate<HttpRequest> fail) {
      this(fail, OkHttpTransport.create());
    }

    CountingTransport(Predicate<HttpRequest> fail, HttpTransport real) {
      this.fail = fail;
      this.real = real;
    }

    @Override
    public HttpResponse execute(HttpRequest request, Duration timeout, long maxBodyBytes)
        throws IOException {
      if (fail.test(request)) {
        throw new IOException("connection reset (injected)");
      }
      (request.operation().startsWith("probe") ? probes : sent).add(request);
      return real.execute(request, timeout, maxBodyBytes);
    }

    List<Integer> partNumbersSent() {
      List<Integer> numbers = new ArrayList<>();
      for (HttpRequest r : sent) {
        if (partNumber(r) > 0) {
          numbers.add(partNumber(r));
        }
      }
      return numbers;
    }

    List<String> methods() {
      List<String> methods = new ArrayList<>();
      sent.forEach(r -> methods.add(r.method()));
      return methods;
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
