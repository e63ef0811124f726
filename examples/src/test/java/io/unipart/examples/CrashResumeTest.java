package io.unipart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Crashes at any moment: the command-line tool runs {@code upload --checkpoint} as a real child
 * process against a real S3 server (S3Proxy) and is killed with SIGKILL at ten seeded moments,
 * from before the upload starts to after it ends. After each kill, {@code resume} finishes the
 * exact bytes; where the kill came before any checkpoint was written, nothing is left to resume
 * and {@code cleanup} aborts what was started (the window between initiate and the first
 * checkpoint write), then the upload runs again. Every run ends with the object's bytes read back
 * by AWS's own client and no upload left open under its key. {@code -Dunipart.crash.seed=S}
 * replays a run.
 */
class CrashResumeTest {
  static final String AK = "crash-access";
  static final String SK = "crash-secret";
  static final String BUCKET = "crash-bucket";
  static final Map<String, String> ENV =
      Map.of("AWS_ACCESS_KEY_ID", AK, "AWS_SECRET_ACCESS_KEY", SK);
  static final long SEED = Long.getLong("unipart.crash.seed", System.nanoTime());

  static S3ProxyServer server;
  static S3Client aws;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    InputStream jar = Demo.class.getResourceAsStream("/io/unipart/examples/embedded/s3proxy.jar.bin");
    server = S3ProxyServer.start(S3ProxyServer.extractJar(jar), AK, SK, BUCKET);
    aws = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
        .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AK, SK)))
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

  List<String> connection() {
    return List.of("--dialect", "s3", "--endpoint", server.endpoint().toString(),
        "--region", "us-east-1", "--bucket", BUCKET);
  }

  int cli(List<String> args, ByteArrayOutputStream err) {
    return UnipartCli.run(args.toArray(String[]::new), new PrintStream(new ByteArrayOutputStream(),
        true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
  }

  @Test
  void killedAtAnyMomentTheUploadStillEndsInTheExactBytes() throws Exception {
    System.out.println("CrashResumeTest seed " + SEED);
    Random random = new Random(SEED);
    byte[] data = new byte[40 << 20];
    random.nextBytes(data);
    Path file = Files.write(dir.resolve("big.bin"), data);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // One run left alone: how long a whole upload takes, start-up included. The kills fall
    // anywhere in that span.
    long began = System.nanoTime();
    Process whole = child(java, file, "crash/whole.bin", dir.resolve("whole.checkpoint"));
    assertThat(whole.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(whole.exitValue()).isZero();
    long span = (System.nanoTime() - began) / 1_000_000;
    assertThat(aws.getObjectAsBytes(r -> r.bucket(BUCKET).key("crash/whole.bin")).asByteArray())
        .isEqualTo(data);
    System.out.println("a whole upload in a child process: " + span + " ms");
    int resumed = 0;
    int cleanedUp = 0;
    int finishedBeforeTheKill = 0;
    for (int i = 0; i < 10; i++) {
      String key = "crash/" + i + ".bin";
      Path checkpoint = dir.resolve("c" + i + ".checkpoint");
      Process child = child(java, file, key, checkpoint);
      long delay = 1 + (long) (random.nextDouble() * span);
      if (!child.waitFor(delay, TimeUnit.MILLISECONDS)) {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
      }
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      String what;
      if (Files.exists(checkpoint)) {
        List<String> resume = new ArrayList<>(List.of("resume", "--checkpoint",
            checkpoint.toString(), file.toString()));
        resume.addAll(connection());
        assertThat(cli(resume, err)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        resumed++;
        what = "resumed";
      } else if (exists(key)) {
        finishedBeforeTheKill++;
        what = "had finished";
      } else {
        List<String> cleanup = new ArrayList<>(List.of("cleanup", "--older-than", "0s",
            "--yes", "--prefix", key));
        cleanup.addAll(connection());
        int code = cli(cleanup, err);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(open(key)).isEmpty();
        List<String> upload = new ArrayList<>(List.of("upload", file.toString()));
        upload.addAll(connection());
        upload.addAll(List.of("--key", key, "--part-size", "5242880"));
        assertThat(cli(upload, err)).as(err.toString(StandardCharsets.UTF_8)).isZero();
        cleanedUp++;
        what = "cleaned up and sent again";
      }
      System.out.printf("kill %d after %d ms: %s%n", i, delay, what);
      assertThat(aws.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asByteArray())
          .as("object %s", key).isEqualTo(data);
      assertThat(open(key)).as("uploads left open under %s", key).isEmpty();
      assertThat(checkpoint).doesNotExist();
    }
    System.out.printf("10 kills (seed %d): %d resumed, %d cleaned up and sent again, %d had"
        + " finished%n", SEED, resumed, cleanedUp, finishedBeforeTheKill);
  }

  Process child(String java, Path file, String key, Path checkpoint) throws Exception {
    List<String> command = new ArrayList<>(List.of(java, "-cp",
        System.getProperty("java.class.path"), UnipartCli.class.getName(), "upload",
        file.toString()));
    command.addAll(connection());
    command.addAll(List.of("--key", key, "--part-size", "5242880", "--concurrency", "1",
        "--checkpoint", checkpoint.toString()));
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(ENV);
    return pb.start();
  }

  boolean exists(String key) {
    return aws.listObjectsV2(r -> r.bucket(BUCKET).prefix(key)).contents().stream()
        .anyMatch(o -> o.key().equals(key));
  }

  List<MultipartUpload> open(String key) {
    return aws.listMultipartUploads(r -> r.bucket(BUCKET).prefix(key)).uploads();
  }
}
