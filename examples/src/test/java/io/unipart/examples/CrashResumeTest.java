package io.unipart.examples;

import io.unipart.examples.demo.S3PartStore;
import io.unipart.testkit.UnipartFake;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.UploadCheckpoint;
import io.unipart.testkit.S3ProxyServer;
import java.io.ByteArrayOutputStream;
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
  /** Fixed by default so CI kills at the same moments of the span; set it to explore others. */
  static final long SEED = Long.getLong("unipart.crash.seed", 15780348350207L);

  static S3ProxyServer server;
  static RealS3 real;
  static S3Client aws;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    real = RealS3.start(AK, SK, BUCKET);
    server = real.server;
    aws = real.aws;
    startFakes();
  }

  @AfterAll
  static void stop() {
    if (real != null) {
      real.close();
    }
  }

  List<String> connection() {
    return List.of("--dialect", "s3", "--endpoint", server.endpoint().toString(),
        "--region", "us-east-1", "--bucket", BUCKET);
  }

  /** Credentials and tokens the runs use: none may show in what the tool prints. */
  static List<String> secrets() {
    return List.of(SK, cos.secret(), cdf.secret(), vp.secret(), rum.secret());
  }

  int cli(List<String> args, ByteArrayOutputStream err, Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = UnipartCli.run(args.toArray(String[]::new), new PrintStream(out, true,
        StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
    String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    for (String secret : secrets()) {
      assertThat(printed).as("what %s printed", args.get(0)).doesNotContain(secret);
    }
    return code;
  }

  /** What differs per dialect: how to reach it, and how to see what landed and what is open. */
  interface Target {
    List<String> connection();

    Map<String, String> env();

    List<String> uploadFlags();

    byte[] landedMd5(String key) throws Exception;

    boolean open(String key);

    boolean canCleanUp();

    /** Cognite's parts must be more than 5 MiB. */
    default String partSize() {
      return "5242880";
    }
  }

  static UnipartFake cos = UnipartFake.cos();
  static UnipartFake rum = UnipartFake.rum();
  static UnipartFake cdf;
  static UnipartFake vp;
  static io.unipart.s3.S3MultipartClient backing;

  /** After the S3 server: Cognite's and the presigned API's fakes write to it. */
  static void startFakes() throws Exception {
    cos.start();
    rum.start();
    // Cognite's and the presigned API's fakes put each upload on the real S3 server.
    backing = io.unipart.s3.S3MultipartClient.builder().endpoint(server.endpoint().toString())
        .region("us-east-1").bucket(BUCKET)
        .credentials(io.unipart.s3.AwsCredentials.of(AK, SK)).build();
    cdf = UnipartFake.cognite().withPartStore(new S3PartStore(backing, "cognite/")).start();
    vp = UnipartFake.presigned().withPartStore(new S3PartStore(backing, "presigned/")).start();
  }

  @AfterAll
  static void stopFakes() {
    cos.close();
    rum.close();
    if (cdf != null) {
      cdf.close();
      vp.close();
      backing.close();
    }
  }

  static byte[] md5(byte[] data) {
    try {
      return java.security.MessageDigest.getInstance("MD5").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static java.util.stream.Stream<String> dialects() {
    return java.util.stream.Stream.of("s3", "cos", "rum", "cognite", "presigned");
  }

  Target target(String dialect) {
    return switch (dialect) {
      case "s3" -> new Target() {
        public List<String> connection() {
          return CrashResumeTest.this.connection();
        }

        public Map<String, String> env() {
          return ENV;
        }

        public List<String> uploadFlags() {
          return List.of();
        }

        public byte[] landedMd5(String key) throws Exception {
          return exists(key) ? md5(aws.getObjectAsBytes(r -> r.bucket(BUCKET).key(key))
              .asByteArray()) : null;
        }

        public boolean open(String key) {
          return !CrashResumeTest.this.open(key).isEmpty();
        }

        public boolean canCleanUp() {
          return true;
        }
      };
      case "cos" -> new Target() {
        public List<String> connection() {
          return List.of("--dialect", "cos", "--endpoint", cos.baseUrl(), "--region",
              cos.region(), "--bucket", cos.destination());
        }

        public Map<String, String> env() {
          return cos.environment();
        }

        public List<String> uploadFlags() {
          return List.of();
        }

        public byte[] landedMd5(String key) {
          return cos.landed(key).map(l -> md5(l.bytes())).orElse(null);
        }

        public boolean open(String key) {
          return cos.openUploadKeys().contains(key);
        }

        public boolean canCleanUp() {
          return true;
        }
      };
      case "cognite", "presigned" -> new Target() {
        final boolean isCdf = dialect.equals("cognite");

        public List<String> connection() {
          return isCdf
              ? List.of("--dialect", "cognite", "--base-url", cdf.baseUrl(), "--project",
                  cdf.destination())
              : List.of("--dialect", "presigned", "--base-url", vp.baseUrl(), "--project-id",
                  vp.destination());
        }

        public Map<String, String> env() {
          return isCdf ? cdf.environment() : vp.environment();
        }

        public List<String> uploadFlags() {
          return List.of();
        }

        public byte[] landedMd5(String key) throws Exception {
          String stored = dialect + "/" + key;
          return exists(stored) ? md5(aws.getObjectAsBytes(r -> r.bucket(BUCKET)
              .key(stored)).asByteArray()) : null;
        }

        public boolean open(String key) {
          return !CrashResumeTest.this.open(dialect + "/" + key).isEmpty();
        }

        public boolean canCleanUp() {
          return false;
        }

        public String partSize() {
          return isCdf ? "6291456" : "5242880";
        }
      };
      default -> new Target() {
        public List<String> connection() {
          return List.of("--dialect", "rum", "--base-url", rum.baseUrl(), "--app-id", "app");
        }

        public Map<String, String> env() {
          return rum.environment();
        }

        public List<String> uploadFlags() {
          return List.of("--overwrite");
        }

        public byte[] landedMd5(String key) {
          return rum.landed("app|" + key + "|").map(l -> md5(l.bytes())).orElse(null);
        }

        public boolean open(String key) {
          return rum.openUploadKeys().contains("app|" + key + "|");
        }

        public boolean canCleanUp() {
          return false;
        }
      };
    };
  }

  /** What the target holds for the whole file when it landed: its MD5, as the target keeps it. */
  byte[] expected(String dialect, byte[] data) {
    return md5(data);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("dialects")
  void killedAtAnyMomentTheUploadStillEndsInTheExactBytes(String dialect) throws Exception {
    Target t = target(dialect);
    System.out.println("CrashResumeTest " + dialect + " seed " + SEED);
    Random random = new Random(SEED ^ dialect.hashCode());
    byte[] data = new byte[40 << 20];
    random.nextBytes(data);
    Path file = Files.write(dir.resolve("big.bin"), data);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // One run left alone: how long a whole upload takes, start-up included. The kills fall
    // anywhere in that span.
    long began = System.nanoTime();
    Process whole = child(t, java, file, "crash/" + dialect + "/whole.bin",
        dir.resolve("whole.checkpoint"));
    assertThat(whole.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(whole.exitValue()).as(Files.readString(dir.resolve("whole.checkpoint.err")))
        .isZero();
    long span = (System.nanoTime() - began) / 1_000_000;
    assertThat(t.landedMd5("crash/" + dialect + "/whole.bin")).isEqualTo(expected(dialect, data));
    System.out.println("a whole upload in a child process: " + span + " ms");
    int resumed = 0;
    int cleanedUp = 0;
    int finishedBeforeTheKill = 0;
    for (int i = 0; i < 10; i++) {
      String key = "crash/" + dialect + "/" + i + ".bin";
      Path checkpoint = dir.resolve("c" + i + ".checkpoint");
      Process child = child(t, java, file, key, checkpoint);
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
        resume.addAll(t.connection());
        int code = cli(resume, err, t.env());
        if (code == 0) {
          resumed++;
          what = "resumed";
        } else if (settle(t, key)) {
          // Killed between the last complete and deleting the checkpoint: the upload is done and
          // the server no longer knows it. Where a dialect cannot prove the object is made of
          // these parts, resume says so (exit 1) and keeps the checkpoint. Only the exact bytes
          // having landed makes that an acceptable end; the user deletes the checkpoint.
          assertThat(t.landedMd5(key)).as("resume failed (%s) and what landed is not the file",
              err.toString(StandardCharsets.UTF_8)).isEqualTo(expected(dialect, data));
          Files.delete(checkpoint);
          finishedBeforeTheKill++;
          what = "had finished; resume refused to guess: " + err.toString(
              StandardCharsets.UTF_8).lines().findFirst().orElse("");
        } else {
          // Killed after the upload had been aborted (a part failed, and the tool aborted it)
          // but before the checkpoint was deleted: nothing may be left open, and it is sent
          // again.
          assertThat(t.open(key)).as("resume failed (%s) with an upload still open",
              err.toString(StandardCharsets.UTF_8)).isFalse();
          Files.delete(checkpoint);
          List<String> upload = new ArrayList<>(List.of("upload", file.toString()));
          upload.addAll(t.connection());
          upload.addAll(List.of("--key", key, "--part-size", t.partSize()));
          upload.addAll(t.uploadFlags());
          ByteArrayOutputStream again = new ByteArrayOutputStream();
          assertThat(cli(upload, again, t.env())).as(again.toString(StandardCharsets.UTF_8))
              .isZero();
          cleanedUp++;
          what = "had been aborted; sent again";
        }
      } else if (t.landedMd5(key) != null) {
        finishedBeforeTheKill++;
        what = "had finished";
      } else {
        if (t.canCleanUp()) {
          List<String> cleanup = new ArrayList<>(List.of("cleanup", "--older-than", "0s",
              "--yes", "--prefix", key));
          cleanup.addAll(t.connection());
          int code = cli(cleanup, err, t.env());
          assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
          assertThat(t.open(key)).isFalse();
        }
        List<String> upload = new ArrayList<>(List.of("upload", file.toString()));
        upload.addAll(t.connection());
        upload.addAll(List.of("--key", key, "--part-size", t.partSize()));
        upload.addAll(t.uploadFlags());
        assertThat(cli(upload, err, t.env())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        cleanedUp++;
        what = "cleaned up and sent again";
      }
      System.out.printf("kill %d after %d ms: %s%n", i, delay, what);
      assertThat(t.landedMd5(key)).as("object %s", key).isEqualTo(expected(dialect, data));
      if (t.canCleanUp()) {
        assertThat(t.open(key)).as("uploads left open under %s", key).isFalse();
      }
      assertThat(checkpoint).doesNotExist();
    }
    System.out.printf("%s: 10 kills (seed %d): %d resumed, %d cleaned up and sent again, %d had"
        + " finished%n", dialect, SEED, resumed, cleanedUp, finishedBeforeTheKill);
  }

  /**
   * The very same {@code upload --checkpoint} command run again after a SIGKILL midway: it resumes
   * the first upload (what it held is checked and kept, the rest sent) instead of starting a
   * second one over the checkpoint; the server's own listing has nothing left open.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("dialects")
  void theSameCommandRunAgainAfterAKillResumesTheFirstUpload(String dialect) throws Exception {
    Target t = target(dialect);
    byte[] data = new byte[64 << 20];
    new Random(SEED + 1).nextBytes(data);
    Path file = Files.write(dir.resolve("again.bin"), data);
    String key = "again/" + dialect + ".bin";
    Path checkpoint = dir.resolve("again.checkpoint");
    killedMidway(t, file, key, checkpoint);
    UploadCheckpoint first = UploadCheckpoint.read(checkpoint);
    assertThat(t.open(key)).as("the killed run's upload is open").isTrue();

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(cli(uploadCommand(t, file, key, checkpoint), err, t.env()))
        .as(err.toString(StandardCharsets.UTF_8)).isZero();

    String said = err.toString(StandardCharsets.UTF_8);
    assertThat(said).contains("resuming: found");
    assertThat(t.landedMd5(key)).isEqualTo(expected(dialect, data));
    assertThat(t.open(key)).as("uploads left open under %s", key).isFalse();
    assertThat(checkpoint).doesNotExist();
    assertThat(SavedConnection.fileFor(checkpoint)).doesNotExist();
    System.out.printf("%s: killed with %d parts recorded, the same command resumed upload %s%n",
        dialect, first.parts().size(), first.session().uploadId());
  }

  /**
   * A checkpoint that holds an upload of another key is refused before any call, with the
   * commands that finish or abort it, and left as it was; abort then leaves nothing open.
   */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.MethodSource("dialects")
  void aCheckpointOfAnotherUploadIsRefusedWithTheCommandsThatSettleIt(String dialect)
      throws Exception {
    Target t = target(dialect);
    byte[] data = new byte[64 << 20];
    new Random(SEED + 2).nextBytes(data);
    Path file = Files.write(dir.resolve("other.bin"), data);
    String key = "other/" + dialect + ".bin";
    Path checkpoint = dir.resolve("other.checkpoint");
    killedMidway(t, file, key, checkpoint);
    byte[] before = Files.readAllBytes(checkpoint);
    byte[] connectionBefore = Files.readAllBytes(SavedConnection.fileFor(checkpoint));

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = cli(uploadCommand(t, file, key + ".renamed", checkpoint), err, t.env());

    String said = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(said).isEqualTo(UnipartCli.USAGE);
    assertThat(said).contains("already holds " + dialect + " upload", "\"" + key + "\"",
        "to finish it: ", "resume --checkpoint " + checkpoint);
    if (dialect.equals("cognite")) {
      assertThat(said).as("Cognite has no abort").doesNotContain("to abort it");
    } else {
      assertThat(said).contains("to abort it:  ", "abort --checkpoint " + checkpoint);
    }
    assertThat(Files.readAllBytes(checkpoint)).isEqualTo(before);
    assertThat(Files.readAllBytes(SavedConnection.fileFor(checkpoint)))
        .isEqualTo(connectionBefore);
    assertThat(t.landedMd5(key + ".renamed")).isNull();
    assertThat(t.open(key + ".renamed")).isFalse();

    if (dialect.equals("cognite")) {
      return;
    }
    List<String> abort = List.of("abort", "--checkpoint", checkpoint.toString());
    ByteArrayOutputStream abortErr = new ByteArrayOutputStream();
    assertThat(cli(abort, abortErr, t.env())).as(abortErr.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(t.open(key)).as("uploads left open under %s", key).isFalse();
    assertThat(checkpoint).doesNotExist();
  }

  List<String> uploadCommand(Target t, Path file, String key, Path checkpoint) {
    List<String> upload = new ArrayList<>(List.of("upload", file.toString()));
    upload.addAll(t.connection());
    upload.addAll(List.of("--key", key, "--part-size", t.partSize(), "--concurrency", "1",
        "--checkpoint", checkpoint.toString()));
    upload.addAll(t.uploadFlags());
    return upload;
  }

  /** Starts the upload in a child process and SIGKILLs it once the checkpoint records a part. */
  void killedMidway(Target t, Path file, String key, Path checkpoint) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = child(t, java, file, key, checkpoint);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && child.isAlive()) {
      if (Files.exists(checkpoint) && !UploadCheckpoint.read(checkpoint).parts().isEmpty()) {
        break;
      }
      Thread.sleep(5);
    }
    assertThat(child.isAlive()).as("the upload ended before a part was recorded: %s",
        Files.readString(checkpoint.resolveSibling(checkpoint.getFileName() + ".err")))
        .isTrue();
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(checkpoint).exists();
  }

  Process child(Target t, String java, Path file, String key, Path checkpoint) throws Exception {
    List<String> command = new ArrayList<>(List.of(java, "-cp",
        System.getProperty("java.class.path"), UnipartCli.class.getName(), "upload",
        file.toString()));
    command.addAll(t.connection());
    command.addAll(List.of("--key", key, "--part-size", t.partSize(), "--concurrency", "1",
        "--checkpoint", checkpoint.toString()));
    command.addAll(t.uploadFlags());
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(checkpoint.resolveSibling(checkpoint.getFileName() + ".err").toFile());
    pb.environment().putAll(t.env());
    return pb.start();
  }

  /**
   * Whether the upload landed, once the stand-in has finished what the killed client had asked
   * of it (a merge or complete still running in this JVM when the child died): true when it
   * landed, false when nothing is open any more; fails when neither comes about.
   */
  static boolean settle(Target t, String key) throws Exception {
    for (int i = 0; i < 150; i++) {
      if (t.landedMd5(key) != null) {
        return true;
      }
      if (!t.open(key)) {
        return false;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(key + ": neither landed nor closed 15 s after the kill");
  }

  boolean exists(String key) {
    return aws.listObjectsV2(r -> r.bucket(BUCKET).prefix(key)).contents().stream()
        .anyMatch(o -> o.key().equals(key));
  }

  List<MultipartUpload> open(String key) {
    return aws.listMultipartUploads(r -> r.bucket(BUCKET).prefix(key)).uploads();
  }
}
