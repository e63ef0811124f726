package io.unipart.examples;

import io.unipart.examples.demo.S3PartStore;
import io.unipart.testkit.UnipartFake;
import io.unipart.examples.demo.Demo;

import io.unipart.http.HttpTransport;
import io.unipart.http.OkHttpTransport;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.MultipartClient;
import io.unipart.MultipartUploader;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testkit.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
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
 * Cognite and presigned-dialect uploads whose part URLs are real presigned PUT URLs of the
 * embedded S3 server (the demo's stand-ins hand them out): the bytes land on a real server that
 * checks every URL's signature, are downloaded with AWS's own SDK and compared by SHA-256; and no
 * credential of the client reaches a part URL. The RUM stand-in reads real form-data chunks.
 */
class RealPartUrlsTest {
  static final String BUCKET = "demo-bucket";
  static final String AK = "real-urls-access";
  static final String SK = "real-urls-secret";
  static final int MIB = 1 << 20;

  static S3ProxyServer server;
  static S3MultipartClient backing;
  static S3Client aws;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.start(Demo.s3proxyJar(), AK, SK, BUCKET);
    backing = S3MultipartClient.builder().endpoint(server.endpoint().toString())
        .region("us-east-1").bucket(BUCKET).credentials(AwsCredentials.of(AK, SK)).build();
    aws = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AK, SK)))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  @AfterAll
  static void stop() {
    if (aws != null) {
      aws.close();
    }
    if (backing != null) {
      backing.close();
    }
    if (server != null) {
      server.close();
    }
  }

  Path file(String name, int size) throws Exception {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Files.write(dir.resolve(name), bytes);
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

  static String stored(String key) throws Exception {
    try (InputStream in = aws.getObject(r -> r.bucket(BUCKET).key(key),
        ResponseTransformer.toInputStream())) {
      return sha256(in);
    }
  }

  static String local(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  @Test
  void cogniteBytesLandOnTheS3ServerThroughItsPartUrls() throws Exception {
    Recording transport = new Recording();
    Path file = file("pump.mp4", 13 * MIB + 7);
    try (UnipartFake api = UnipartFake.cognite()
            .withPartStore(new S3PartStore(backing, "cognite/")).start();
        CogniteMultipartClient cdf = CogniteMultipartClient.builder().baseUrl(api.baseUrl())
            .project(api.destination()).token(api.secret()).transport(transport).build()) {
      UploadResult r = upload(cdf, file, "pump.mp4", 6L * MIB);
      assertThat(r.parts()).hasSize(3);
      assertThat(stored("cognite/pump.mp4")).isEqualTo(local(file));
      assertNoCredentialReachedStorage(transport, api.secret());
    }
  }

  @Test
  void presignedDialectBytesLandOnTheS3ServerThroughItsPartUrls() throws Exception {
    Recording transport = new Recording();
    Path file = file("trailer.mp4", 11 * MIB + 3);
    try (UnipartFake api = UnipartFake.presigned()
            .withPartStore(new S3PartStore(backing, "presigned/")).start();
        PresignedMultipartClient vp = PresignedMultipartClient.builder().baseUrl(api.baseUrl())
            .projectId(api.destination()).bearerToken(api.secret()).transport(transport)
            .build()) {
      UploadResult r = upload(vp, file, "trailer.mp4", 5L * MIB);
      assertThat(r.parts()).hasSize(3);
      assertThat(stored("presigned/trailer.mp4")).isEqualTo(local(file));
      assertNoCredentialReachedStorage(transport, api.secret());
    }
  }

  @Test
  void rumChunksAreReadAsFormDataAndMerged() throws Exception {
    Path file = file("sourcemap.zip", 21 * MIB);
    try (UnipartFake api = UnipartFake.rum().start();
        RumSourcemapClient rum = RumSourcemapClient.builder().baseUrl(api.baseUrl())
            .apiKey(api.secret()).appId("app").build()) {
      UploadResult r = upload(rum, file, "1.0.0", 10_000_000L);
      assertThat(r.parts()).extracting(p -> p.partNumber()).containsExactly(0, 1, 2);
    }
  }

  /**
   * Resume against the stand-ins (presigned parts landing on the real S3 server, RUM's chunks):
   * a swapped, a truncated and a one-byte-edited file are each refused before any call that
   * changes the server's state, and the right file then finishes the exact bytes.
   */
  @Test
  void resumeRefusesAnyFileButTheSourceOnThePresignedAndRumFakes() throws Exception {
    try (UnipartFake vpApi = UnipartFake.presigned()
            .withPartStore(new S3PartStore(backing, "presigned/")).start();
        UnipartFake rumApi = UnipartFake.rum().start()) {
      Recording vpWire = new Recording();
      Recording rumWire = new Recording();
      try (PresignedMultipartClient vp = PresignedMultipartClient.builder()
              .baseUrl(vpApi.baseUrl()).projectId(vpApi.destination()).bearerToken(vpApi.secret())
              .transport(vpWire).build();
          RumSourcemapClient rum = RumSourcemapClient.builder().baseUrl(rumApi.baseUrl())
              .apiKey(rumApi.secret()).appId("app").noRateLimit().transport(rumWire).build()) {
        refusesThenFinishes(vp, vpWire, "resume.mp4", 5L * MIB, 16 * MIB, 1);
        refusesThenFinishes(rum, rumWire, "2.0.0", 5L * MIB, 16 * MIB, 0);
      }
    }
    assertThat(stored("presigned/resume.mp4")).isEqualTo(local(dir.resolve("resume.mp4.src")));
  }

  void refusesThenFinishes(MultipartClient client, Recording wire, String key, long partSize,
      int size, int first) throws Exception {
    Path source = file(key + ".src", size);
    Path checkpoint = dir.resolve(key + ".checkpoint");
    java.util.concurrent.CountDownLatch two = new java.util.concurrent.CountDownLatch(2);
    io.unipart.Transfer t = MultipartUploader.builder(client).concurrency(1).build().start(
        source, UploadRequest.builder().key(key).partSize(partSize).build(),
        io.unipart.TransferOptions.builder().checkpoint(checkpoint)
            .progressListener(p -> two.countDown()).build());
    two.await();
    t.cancel();
    catchThrowableOfType(t::join, io.unipart.UploadFailedException.class);
    String kept = Files.readString(checkpoint);
    assertThat(io.unipart.UploadCheckpoint.read(checkpoint).parts()).hasSizeGreaterThanOrEqualTo(2);

    byte[] bytes = Files.readAllBytes(source);
    byte[] other = new byte[size];
    new Random(size + 1L).nextBytes(other);
    byte[] edited = bytes.clone();
    edited[(int) partSize + 99] ^= 1;
    Path[] wrong = {Files.write(dir.resolve(key + ".swapped"), other),
        Files.write(dir.resolve(key + ".truncated"), java.util.Arrays.copyOf(bytes, size / 2)),
        Files.write(dir.resolve(key + ".edited"), edited)};
    String[] firstDiffering = {"part " + first + " ", "part " + (first + 1) + " ",
        "part " + (first + 1) + " "};
    for (int i = 0; i < wrong.length; i++) {
      int before = wire.sent.size();
      Path bad = wrong[i];
      io.unipart.InvalidRequestException e = catchThrowableOfType(() -> MultipartUploader
          .builder(client).build().resume(checkpoint, bad),
          io.unipart.InvalidRequestException.class);
      assertThat(e).as(bad.toString()).isNotNull();
      assertThat(e.getMessage()).contains(firstDiffering[i] + "is the first that differs");
      assertThat(wire.sent.subList(before, wire.sent.size())).as("requests for " + bad)
          .isEmpty();
      assertThat(Files.readString(checkpoint)).isEqualTo(kept);
    }
    UploadResult done = MultipartUploader.builder(client).build().resume(checkpoint, source);
    assertThat(done.size()).isEqualTo((long) size);
    assertThat(checkpoint).doesNotExist();
  }

  static UploadResult upload(MultipartClient client, Path file, String key, long partSize) {
    return MultipartUploader.builder(client).build().upload(file,
        UploadRequest.builder().key(key).partSize(partSize).build());
  }

  /** Every request that went to the S3 server carried no header with the API's credential. */
  static void assertNoCredentialReachedStorage(Recording transport, String credential) {
    List<HttpRequest> toStorage = new ArrayList<>();
    for (HttpRequest r : transport.sent) {
      if (r.uri().getPort() == server.endpoint().getPort()) {
        toStorage.add(r);
      }
    }
    assertThat(toStorage).isNotEmpty().allSatisfy(r -> {
      assertThat(r.method()).isEqualTo("PUT");
      assertThat(r.header("Authorization")).isNull();
      assertThat(r.headers().values()).noneMatch(v -> v.contains(credential));
      assertThat(r.uri().getRawQuery()).contains("X-Amz-Signature=");
    });
  }

  /** The real transport, keeping every request it sends. */
  static final class Recording implements HttpTransport {
    final HttpTransport real = OkHttpTransport.create();
    final List<HttpRequest> sent = Collections.synchronizedList(new ArrayList<>());

    @Override
    public HttpResponse execute(HttpRequest request, Duration timeout, long maxBodyBytes)
        throws IOException {
      sent.add(request);
      return real.execute(request, timeout, maxBodyBytes);
    }

    @Override
    public void close() {
      real.close();
    }
  }
}
