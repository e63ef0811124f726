package io.unipart.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.unipart.MultipartClient;
import io.unipart.MultipartUploader;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.cos.CosCredentials;
import io.unipart.cos.CosMultipartClient;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testkit.Landed;
import io.unipart.testkit.SeenRequest;
import io.unipart.testkit.UnipartFake;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test kit as a user meets it: each fake started by its JUnit extension, unipart's real
 * clients configured from what the fake says, the fault switches felt by the uploader as the
 * providers' own failures, and the bytes that landed checked.
 */
class UnipartFakeTest {
  @RegisterExtension static UnipartFake s3 = UnipartFake.s3();
  @RegisterExtension static UnipartFake cos = UnipartFake.cos();
  @RegisterExtension static UnipartFake cognite = UnipartFake.cognite();
  @RegisterExtension static UnipartFake rum = UnipartFake.rum();
  @RegisterExtension static UnipartFake presigned = UnipartFake.presigned();

  @TempDir Path dir;

  static Stream<String> dialects() {
    return Stream.of("s3", "cos", "cognite", "rum", "presigned");
  }

  static UnipartFake fake(String dialect) {
    return switch (dialect) {
      case "s3" -> s3;
      case "cos" -> cos;
      case "cognite" -> cognite;
      case "rum" -> rum;
      default -> presigned;
    };
  }

  /** A client built only from what the fake tells; retries wait no time. */
  static MultipartClient client(UnipartFake f) {
    return switch (f.dialect()) {
      case "s3" -> S3MultipartClient.builder().endpoint(f.baseUrl()).region(f.region())
          .bucket(f.destination()).credentials(AwsCredentials.of(f.credentialId(), f.secret()))
          .sleeper(d -> { }).build();
      case "cos" -> CosMultipartClient.builder().endpoint(f.baseUrl()).region(f.region())
          .bucket(f.destination()).credentials(CosCredentials.of(f.credentialId(), f.secret()))
          .sleeper(d -> { }).build();
      case "cognite" -> CogniteMultipartClient.builder().baseUrl(f.baseUrl())
          .project(f.destination()).token(f.secret()).sleeper(d -> { }).build();
      case "rum" -> RumSourcemapClient.builder().baseUrl(f.baseUrl()).appId(f.destination())
          .apiKey(f.secret()).sleeper(d -> { }).build();
      default -> PresignedMultipartClient.builder().baseUrl(f.baseUrl())
          .projectId(f.destination()).bearerToken(f.secret()).sleeper(d -> { }).build();
    };
  }

  /** Where the fake keeps what landed: the key, or RUM's {@code appId|version|env}. */
  static String landedKey(UnipartFake f, String key) {
    return f.dialect().equals("rum") ? f.destination() + "|" + key + "|" : key;
  }

  Path file(int bytes, long seed) throws Exception {
    byte[] b = new byte[bytes];
    new Random(seed).nextBytes(b);
    return Files.write(dir.resolve("f-" + seed + ".bin"), b);
  }

  UploadResult upload(UnipartFake f, Path file, String key) {
    try (MultipartClient client = client(f)) {
      return MultipartUploader.builder(client).concurrency(2).build().upload(file,
          UploadRequest.builder().key(key).partSize(6L << 20).build());
    }
  }

  @ParameterizedTest
  @MethodSource("dialects")
  void anUploadLandsTheExactBytesAndTheFakeSawEveryRequest(String dialect) throws Exception {
    UnipartFake f = fake(dialect);
    Path file = file((13 << 20) + 5, 1);
    String key = dialect.equals("rum") ? "1.0.0" : "kit/" + dialect + "/a b.bin";

    UploadResult result = upload(f, file, key);

    f.assertLanded(landedKey(f, key), Files.readAllBytes(file));
    Landed landed = f.landed(landedKey(f, key)).orElseThrow();
    assertThat(landed.parts()).isEqualTo(3).isEqualTo(result.parts().size());
    assertThat(landed.size()).isEqualTo(Files.size(file));
    f.assertNothingOpen();
    List<SeenRequest> seen = f.requests();
    assertThat(seen).hasSizeGreaterThanOrEqualTo(5);
    assertThat(seen.toString()).doesNotContain(f.secret());
    String auth = switch (dialect) {
      case "rum" -> "DF-API-KEY";
      default -> "Authorization";
    };
    // every call to the API carries the credential (part URLs carry theirs in the URL)
    assertThat(seen.stream().filter(r -> !r.path().startsWith("/_parts/")))
        .allSatisfy(r -> assertThat(r.header(auth)).as(r.toString()).isNotNull());
  }

  @ParameterizedTest
  @MethodSource("dialects")
  void aPartThatFailsOnTheServerIsSentAgainAndTheBytesStillLand(String dialect)
      throws Exception {
    UnipartFake f = fake(dialect);
    f.faults().failPart(2, 2);
    Path file = file((13 << 20) + 7, 2);
    String key = dialect.equals("rum") ? "2.0.0" : "kit/fail-part.bin";

    upload(f, file, key);

    f.assertLanded(landedKey(f, key), Files.readAllBytes(file));
    assertThat(f.faults().injected()).isEqualTo(2);
  }

  /**
   * Four throttled answers in a row: more than the error budget of S3, COS and the presigned
   * client (3 attempts), within every dialect's throttling budget. Each fake answers in the form
   * its client treats as throttling, so the storm is waited out, not failed.
   */
  @ParameterizedTest
  @MethodSource("dialects")
  void aThrottlingStormIsWaitedOut(String dialect) throws Exception {
    UnipartFake f = fake(dialect);
    f.faults().throttle(4);
    Path file = file((7 << 20), 3);
    String key = dialect.equals("rum") ? "3.0.0" : "kit/throttled.bin";

    upload(f, file, key);

    f.assertLanded(landedKey(f, key), file);
    assertThat(f.faults().injected()).isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("dialects")
  void slowPartsStillLand(String dialect) throws Exception {
    UnipartFake f = fake(dialect);
    f.faults().slowParts(Duration.ofMillis(300));
    Path file = file((7 << 20), 4);
    String key = dialect.equals("rum") ? "4.0.0" : "kit/slow.bin";

    upload(f, file, key);

    f.assertLanded(landedKey(f, key), Files.readAllBytes(file));
  }

  @Test
  void expiredPartUrlsAreRefusedAsS3RefusesThemAndFreshOnesFinishTheUpload() throws Exception {
    for (UnipartFake f : List.of(cognite, presigned)) {
      Path file = file((13 << 20), 5);
      String key = "kit/expired-" + f.dialect() + ".bin";
      try (MultipartClient client = client(f)) {
        var session = client.initiate(UploadRequest.builder().key(key)
            .contentLength(Files.size(file)).partSize(6L << 20).build());
        f.faults().expirePartUrls();
        MultipartUploader.builder(client).build().upload(file, session,
            io.unipart.TransferOptions.defaults());
      }
      f.assertLanded(key, Files.readAllBytes(file));
      assertThat(f.faults().injected()).as(f.dialect()).isPositive();
      assertThat(f.requests()).as(f.dialect()).anySatisfy(r ->
          assertThat(r.path()).matches(".*/(multiuploadlink|multipart-resume)"));
    }
  }

  @Test
  void assertionsSayWhatDiffers() throws Exception {
    Path file = file(1000, 6);
    upload(cos, file, "kit/assert.bin");
    byte[] other = Files.readAllBytes(file);
    other[500] ^= 1;
    assertThatThrownBy(() -> cos.assertLanded("kit/assert.bin", other))
        .isInstanceOf(AssertionError.class).hasMessageContaining("differ from byte 500");
    assertThatThrownBy(() -> cos.assertLanded("kit/missing.bin", other))
        .hasMessageContaining("nothing landed under \"kit/missing.bin\"");
    try (MultipartClient client = client(cos)) {
      var open = client.initiate(UploadRequest.builder().key("kit/left-open.bin").build());
      assertThatThrownBy(cos::assertNothingOpen).hasMessageContaining("1 upload(s) still open");
      assertThat(cos.openUploads()).isEqualTo(1);
      client.abort(open);
    }
    cos.assertNothingOpen();
  }

  @Test
  void theCommandLineRunsAgainstAFakeWithTheEnvironmentItGives() throws Exception {
    Path file = file((6 << 20) + 1, 7);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = UnipartCli.run(new String[] {"upload", file.toString(), "--dialect", "s3",
        "--endpoint", s3.baseUrl(), "--bucket", s3.destination(), "--key", "kit/cli.bin"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), s3.environment());
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    s3.assertLanded("kit/cli.bin", Files.readAllBytes(file));
    // the signature S3Proxy checked is the one the CLI made, for the region the fake gave
    assertThat(s3.requests()).allSatisfy(r -> assertThat(r.header("Authorization"))
        .contains("/us-east-1/s3/aws4_request"));
  }
}
