package io.unipart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.unipart.UploadEventListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The CLI options the library already had: {@code --no-overwrite}, {@code --checksum-algorithm},
 * {@code --content-encoding}, {@code --expires}, {@code --quiet}, {@code --no-progress}, the
 * retry notices, and usage errors that point at the command's {@code --help}; against a real S3
 * server (S3Proxy), read back by AWS's own client.
 */
class CliOptionsTest {
  static final String AK = "opt-access";
  static final String SK = "opt-secret";
  static final String BUCKET = "opt-bucket";
  static final Map<String, String> ENV =
      Map.of("AWS_ACCESS_KEY_ID", AK, "AWS_SECRET_ACCESS_KEY", SK);

  static RealS3 real;

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    real = RealS3.start(AK, SK, BUCKET);
  }

  @AfterAll
  static void stop() {
    if (real != null) {
      real.close();
    }
  }

  int run(String... args) {
    out.reset();
    err.reset();
    return UnipartCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
  }

  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  String[] upload(Path file, String key, String... extra) {
    List<String> all = new ArrayList<>(List.of("upload", file.toString(), "--dialect", "s3",
        "--endpoint", real.server.endpoint().toString(), "--region", "us-east-1", "--bucket",
        BUCKET, "--key", key));
    all.addAll(List.of(extra));
    return all.toArray(new String[0]);
  }

  Path file(String name, int bytes) throws Exception {
    byte[] b = new byte[bytes];
    new Random(bytes).nextBytes(b);
    return Files.write(dir.resolve(name), b);
  }

  @Test
  void noOverwriteRefusesAnObjectThatExistsAndExitsOne() throws Exception {
    Path file = file("once.bin", 1000);
    assertThat(run(upload(file, "opt/once.bin"))).as(stderr()).isZero();

    int code = run(upload(file("twice.bin", 2000), "opt/once.bin", "--no-overwrite"));

    assertThat(code).isEqualTo(UnipartCli.FAILED);
    assertThat(stderr()).contains("exists");
    assertThat(real.aws.headObject(r -> r.bucket(BUCKET).key("opt/once.bin")).contentLength())
        .isEqualTo(1000L);
    // A new key is written as usual.
    assertThat(run(upload(file, "opt/new.bin", "--no-overwrite"))).as(stderr()).isZero();
  }

  @Test
  void objectHeadersAndAChecksumAlgorithmReachTheStore() throws Exception {
    Path file = file("headers.bin", 3000);

    int code = run(upload(file, "opt/headers.bin", "--content-encoding", "gzip", "--expires",
        "2027-01-01T00:00:00Z", "--checksum-algorithm", "crc32c"));

    assertThat(code).as(stderr()).isZero();
    HeadObjectResponse head = real.aws.headObject(r -> r.bucket(BUCKET).key("opt/headers.bin"));
    assertThat(head.contentEncoding()).isEqualTo("gzip");
    // S3Proxy (filesystem) does not keep Expires; CommandLineTest checks it on the wire.
    // Over http a flexible checksum rides beside the signed SHA-256 of the part (no aws-chunked
    // body), which S3Proxy was found to check: the result says so.
    JsonNode result = new ObjectMapper().readTree(stdout());
    assertThat(result.get("partChecks").get("SIGNED_SHA256").asInt()).isEqualTo(1);
  }

  @Test
  void aLimitRatePacesTheUpload() throws Exception {
    Path file = file("paced.bin", 3 << 20);
    long start = System.nanoTime();
    int code = run(upload(file, "opt/paced.bin", "--limit-rate", "1MiB/s"));
    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(code).as(stderr()).isZero();
    byte[] landed = real.aws.getObjectAsBytes(r -> r.bucket(BUCKET).key("opt/paced.bin"))
        .asByteArray();
    assertThat(landed).isEqualTo(Files.readAllBytes(file));
    // 3 MiB at 1 MiB/s cannot take less than 3 s less the 0.1 s burst (unpaced, it takes well
    // under one here): a floor only, the accuracy is measured in docs/BENCHMARKS.md.
    assertThat(seconds).isGreaterThan(2.85);
  }

  @Test
  void badValuesAreUsageErrorsNamingTheFlagAndPointingAtHelp() throws Exception {
    Path file = file("bad.bin", 10);
    String[][] cases = {
        upload(file, "k", "--checksum-algorithm", "MD5"),
        upload(file, "k", "--expires", "tomorrow"),
        upload(dir.resolve("missing.bin"), "k"),
        upload(file, "k", "--concurrency", "0"),
        {"upload", file.toString(), "--dialect", "s3", "--aws", "eu_central_1", "--bucket",
            BUCKET, "--key", "k"},
        upload(file, "k", "--limit-rate", "fast"),
        upload(file, "k", "--limit-rate", "0/s"),
    };
    String[] named = {"--checksum-algorithm", "--expires", "missing.bin", "concurrency",
        "--aws", "--limit-rate", "--limit-rate"};
    for (int i = 0; i < cases.length; i++) {
      assertThat(run(cases[i])).as(String.join(" ", cases[i])).isEqualTo(UnipartCli.USAGE);
      assertThat(stderr()).as(String.join(" ", cases[i])).contains(named[i])
          .contains("upload --help");
    }
  }

  @Test
  void theLocationIsTheStoresAndANoteSaysWhenItNamesAnotherHost() throws Exception {
    assertThat(run(upload(file("where.bin", 100), "opt/where.bin"))).as(stderr()).isZero();
    JsonNode result = new ObjectMapper().readTree(stdout());
    // S3Proxy 4.1 answers complete with a Location on a made-up AWS host: kept as it said, and
    // the note names the host the object went to.
    assertThat(result.get("location").asText())
        .isEqualTo("http://Example-Bucket.s3.amazonaws.com/opt/where.bin");
    assertThat(result.get("locationNote").asText()).isEqualTo("the store names host"
        + " Example-Bucket.s3.amazonaws.com; the object was uploaded to 127.0.0.1");

    assertThat(Transfers.locationNote("http://127.0.0.1:9000/b/k", "127.0.0.1")).isNull();
    assertThat(Transfers.locationNote(
        "https://media.s3.eu-central-1.amazonaws.com/k", "s3.eu-central-1.amazonaws.com"))
        .isNull();
    assertThat(Transfers.locationNote("http://rgw-internal:7480/b/k", "s3.example.com"))
        .isEqualTo("the store names host rgw-internal; the object was uploaded to"
            + " s3.example.com");
  }

  @Test
  void uploadsAndCleanupHelpShowOnlyTheFlagsTheyTake() {
    for (String command : List.of("uploads", "cleanup")) {
      assertThat(run(command, "--help")).isZero();
      assertThat(stdout()).as(command).contains("--bucket", "--prefix", "--json", "--endpoint")
          .doesNotContain("--base-url", "--project-id", "--app-id", "--checksum-algorithm",
              "--trust-store-checks");
    }
    assertThat(run("upload", "--help")).isZero();
    assertThat(stdout()).contains("--no-overwrite", "--checksum-algorithm", "--content-encoding",
        "--expires", "--no-progress", "--quiet", "--trust-store-checks");
  }

  @Test
  void quietLeavesOnlyTheResultAndNoProgressOnlyDropsTheProgress() throws Exception {
    Path file = file("quiet.bin", (5 << 20) + 10);

    assertThat(run(upload(file, "opt/loud.bin", "--part-size", "5MiB"))).isZero();
    assertThat(stderr()).contains("2 parts done");

    assertThat(run(upload(file, "opt/quiet.bin", "--part-size", "5MiB", "--quiet"))).isZero();
    assertThat(stderr()).isEmpty();
    assertThat(stdout()).contains("\"key\":\"opt/quiet.bin\"");

    assertThat(run(upload(file, "opt/no-progress.bin", "--part-size", "5MiB",
        "--no-progress"))).isZero();
    assertThat(stderr()).isEmpty();
  }

  @Test
  void aWaitOfASecondOrMoreIsOneLineAndQuietSilencesIt() {
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    UnipartCli cli = new UnipartCli(new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(lines, true, StandardCharsets.UTF_8), Map.of(), System.in, false, false,
        java.time.Clock.systemUTC());
    UploadEventListener notices = cli.notices();
    notices.retryScheduled(new UploadEventListener.RetryEvent("cognite", "initiate",
        "HTTP 502", 2, 10, Duration.ofMillis(4100)));
    notices.retryScheduled(new UploadEventListener.RetryEvent("cognite", "initiate",
        "HTTP 502", 1, 10, Duration.ofMillis(300)));
    assertThat(lines.toString(StandardCharsets.UTF_8)).isEqualTo(
        "retrying: cognite initiate failed (HTTP 502): retry 2 of 10 in 4.1 s\n");

    cli.quiet = true;
    lines.reset();
    cli.notices().retryScheduled(new UploadEventListener.RetryEvent("s3", "uploadPart",
        "ConnectException", 1, 2, Duration.ofSeconds(3)));
    assertThat(lines.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  /**
   * A Cognite endpoint where nothing listens: before, 10 retries up to 60 s apart (minutes of
   * silence); now its SDK's 3 connection retries, a few seconds at most, then one error.
   */
  @Test
  void aDeadEndpointEndsInSecondsNotMinutes() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    int code = UnipartCli.run(new String[] {"init", "--dialect", "cognite", "--base-url",
        "http://127.0.0.1:" + port, "--project", "p", "--key", "k.bin", "--content-length", "1000"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of("COGNITE_TOKEN", "t"));

    assertThat(code).as(stderr()).isEqualTo(UnipartCli.FAILED);
    assertThat(stderr()).contains("after 4 attempt");
  }
}
