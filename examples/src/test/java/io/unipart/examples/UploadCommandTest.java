package io.unipart.examples;

import io.unipart.examples.demo.S3PartStore;
import io.unipart.testkit.UnipartFake;
import io.unipart.examples.demo.Demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.MultipartUploader;
import io.unipart.ServiceException;
import io.unipart.Transfer;
import io.unipart.TransferOptions;
import io.unipart.UploadCheckpoint;
import io.unipart.UploadFailedException;
import io.unipart.UploadRequest;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import io.unipart.testkit.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code upload}, {@code resume} and {@code abort} against a real S3 server (S3Proxy). */
class UploadCommandTest {
  static final String AK = "cli-access";
  static final String SK = "cli-secret";
  static final String BUCKET = "cli-bucket";
  static final Map<String, String> ENV =
      Map.of("AWS_ACCESS_KEY_ID", AK, "AWS_SECRET_ACCESS_KEY", SK);

  static S3ProxyServer server;

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    server = S3ProxyServer.start(Demo.s3proxyJar(), AK, SK, BUCKET);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  int run(String... args) {
    return UnipartCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
  }

  String[] connection(String... extra) {
    String[] base = {"--dialect", "s3", "--endpoint", server.endpoint().toString(),
        "--region", "us-east-1", "--bucket", BUCKET};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  static String[] join(String first, String second, String[] rest) {
    String[] all = new String[rest.length + 2];
    all[0] = first;
    all[1] = second;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }

  Path file(String name, int mib) throws Exception {
    byte[] bytes = new byte[mib << 20];
    new Random(mib).nextBytes(bytes);
    return Files.write(dir.resolve(name), bytes);
  }

  S3MultipartClient client() {
    return S3MultipartClient.builder().endpoint(server.endpoint().toString()).region("us-east-1")
        .bucket(BUCKET).credentials(AwsCredentials.of(AK, SK)).build();
  }

  /** An upload stopped after its first part, kept for resume by its checkpoint. */
  Path interrupted(Path file, String key) throws Exception {
    Path checkpoint = dir.resolve(key + ".checkpoint");
    CountDownLatch first = new CountDownLatch(1);
    try (S3MultipartClient c = client()) {
      Transfer t = MultipartUploader.builder(c).concurrency(1).build().start(file,
          UploadRequest.builder().key(key).partSize(5L << 20).build(),
          TransferOptions.builder().checkpoint(checkpoint)
              .progressListener(p -> first.countDown()).build());
      first.await();
      t.cancel();
      UploadFailedException e = catchThrowableOfType(t::join, UploadFailedException.class);
      assertThat(e.aborted()).isFalse();
    }
    return checkpoint;
  }

  @Test
  void uploadPrintsTheResultAsJsonAndProgressLines() throws Exception {
    Path file = file("a.bin", 11);

    int code = run(join("upload", file.toString(),
        connection("--key", "cli/a.bin", "--part-size", "5242880", "--concurrency", "2")));

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    String json = out.toString(StandardCharsets.UTF_8);
    assertThat(json).contains("\"key\":\"cli/a.bin\"").contains("\"size\":11534336")
        .contains("\"parts\":3").contains("\"etag\":");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("(100%)").contains("part ");
  }

  @Test
  void uploadReadsStandardInputOfUnknownLength() throws Exception {
    byte[] bytes = Files.readAllBytes(file("stdin.bin", 6));
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(bytes));
      int code = run(join("upload", "-", connection("--key", "cli/stdin.bin")));
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    } finally {
      System.setIn(saved);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"size\":" + bytes.length)
        .contains("\"parts\":1");
  }

  @Test
  void anExpectedSizeSizesTheStandardInputsPartsFromTheFirst() throws Exception {
    byte[] bytes = Files.readAllBytes(file("expected.bin", 30));
    InputStream saved = System.in;
    try {
      System.setIn(new ByteArrayInputStream(bytes));
      // About 200 GiB in at most 10,000 parts: 21 MiB parts, where the default starts at 8.
      int code = run(join("upload", "-", connection("--key", "cli/expected.bin",
          "--expected-size", "200GiB")));
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    } finally {
      System.setIn(saved);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"size\":" + bytes.length)
        .contains("\"parts\":2");
  }

  @Test
  void anExpectedSizeBesideAFileIsAUsageError() throws Exception {
    Path file = file("sized.bin", 1);
    int code = run(join("upload", file.toString(), connection("--key", "cli/sized.bin",
        "--expected-size", "1GiB")));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--expected-size");
  }

  @Test
  void resumeFinishesAnInterruptedUpload() throws Exception {
    Path file = file("r.bin", 16);
    Path checkpoint = interrupted(file, "r.bin");
    int held = UploadCheckpoint.read(checkpoint).parts().size();
    assertThat(held).isPositive();

    String[] flags = connection();
    String[] args = new String[flags.length + 4];
    args[0] = "resume";
    args[1] = "--checkpoint";
    args[2] = checkpoint.toString();
    args[3] = file.toString();
    System.arraycopy(flags, 0, args, 4, flags.length);
    int code = run(args);

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"size\":" + (16 << 20))
        .contains("\"parts\":4");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("resuming: found " + held + (held == 1 ? " part (" : " parts ("));
    assertThat(checkpoint).doesNotExist();
  }

  @Test
  void resumeWithAnotherFileOfTheSameSizeIsRefusedAndTheRightFileStillFinishes()
      throws Exception {
    Path file = file("right.bin", 16);
    Path checkpoint = interrupted(file, "right.bin");
    String kept = Files.readString(checkpoint);
    byte[] other = new byte[16 << 20];
    new Random(99).nextBytes(other);
    Path wrong = Files.write(dir.resolve("other.bin"), other);

    int refused = run(join("resume", "--checkpoint",
        join(checkpoint.toString(), wrong.toString(), connection())));

    String message = err.toString(StandardCharsets.UTF_8);
    assertThat(refused).as(message).isEqualTo(UnipartCli.USAGE);
    assertThat(message).contains("part 1 is the first that differs").contains("Nothing was sent");
    assertThat(Files.readString(checkpoint)).isEqualTo(kept);

    int code = run(join("resume", "--checkpoint",
        join(checkpoint.toString(), file.toString(), connection())));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"size\":" + (16 << 20));
  }

  @Test
  void abortNeedsOnlyTheCheckpointWhenTheConnectionWasSaved() throws Exception {
    Path file = file("x.bin", 11);
    Path checkpoint = interrupted(file, "x.bin");
    Files.writeString(checkpoint.resolveSibling(checkpoint.getFileName() + ".connection.json"),
        "{\"dialect\":\"s3\",\"endpoint\":\"" + server.endpoint() + "\",\"region\":\"us-east-1\","
            + "\"bucket\":\"" + BUCKET + "\",\"path-style\":false}");
    UploadCheckpoint cp = UploadCheckpoint.read(checkpoint);
    try (S3MultipartClient c = client()) {
      assertThat(c.listParts(cp.session())).isNotEmpty();
    }

    int code = run("abort", "--checkpoint", checkpoint.toString());

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("aborted s3 upload "
        + cp.session().uploadId());
    assertThat(checkpoint).doesNotExist();
    try (S3MultipartClient c = client()) {
      // The server forgot the upload: S3 answers NoSuchUpload, S3Proxy an empty listing.
      try {
        assertThat(c.listParts(cp.session())).isEmpty();
      } catch (ServiceException e) {
        assertThat(e.errorCode()).isEqualTo("NoSuchUpload");
      }
    }
  }

  @Test
  void aPartSizeBelowTheMinimumIsAUsageErrorBeforeAnyCall() throws Exception {
    Path file = file("small.bin", 11);

    int code = run(join("upload", file.toString(),
        connection("--key", "cli/small.bin", "--part-size", "1048576")));

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--part-size").contains("5242880")
        .doesNotContain("partSize");
  }

  @Test
  void anUnknownDialectIsAUsageError() throws Exception {
    Path file = file("c.bin", 1);
    int code = run("upload", file.toString(), "--dialect", "gcs", "--key", "k");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown dialect 'gcs'");
  }

  @Test
  void cogniteAndPresignedUploadsLandOnTheS3ServerThroughTheirPartUrls() throws Exception {
    Path file = file("cli-cdf.bin", 13);
    try (S3MultipartClient backing = client();
        UnipartFake cdf = UnipartFake.cognite()
            .withPartStore(new S3PartStore(backing, "cognite/")).start();
        UnipartFake vp = UnipartFake.presigned()
            .withPartStore(new S3PartStore(backing, "presigned/")).start()) {
      int code = UnipartCli.run(new String[] {"upload", file.toString(), "--dialect", "cognite",
              "--base-url", cdf.baseUrl(), "--project", cdf.destination(), "--key", "cli.bin",
              "--part-size", "6MiB"},
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), cdf.environment());
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"dialect\":\"cognite\"")
          .contains("\"size\":" + (13 << 20)).contains("\"parts\":3");

      code = UnipartCli.run(new String[] {"upload", file.toString(), "--dialect", "presigned",
              "--base-url", vp.baseUrl(), "--project-id", vp.destination(), "--key", "cli.bin"},
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), vp.environment());
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"dialect\":\"presigned\"");
    }
  }

  @Test
  void aRumSourcemapGoesUpWithItsVersionAndEnv() throws Exception {
    Path file = file("sourcemap.zip", 3);
    try (UnipartFake rum = UnipartFake.rum().start()) {
      int code = UnipartCli.run(new String[] {"upload", file.toString(), "--dialect", "rum",
              "--base-url", rum.baseUrl(), "--app-id", "app_demo", "--key", "1.0.4",
              "--env", "daily"},
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), rum.environment());
      assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
      rum.assertLanded("app_demo|1.0.4|daily", Files.readAllBytes(file));
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"dialect\":\"rum\"")
          .contains("\"key\":\"1.0.4\"").contains("\"parts\":1");
    }
  }
}
