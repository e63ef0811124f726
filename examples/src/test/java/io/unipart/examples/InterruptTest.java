package io.unipart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * Ctrl-C and SIGTERM during {@code upload}: a real child process reads its bytes from a pipe the
 * test feeds, is signalled once the server holds two parts, and the S3 server's own listing
 * (read with AWS's client) says what was left. Without a checkpoint nothing may be left; with
 * one, the upload is kept and the command the tool prints finishes it.
 */
class InterruptTest {
  static final String AK = "interrupt-access";
  static final String SK = "interrupt-secret";
  static final String BUCKET = "interrupt-bucket";
  static final Map<String, String> ENV =
      Map.of("AWS_ACCESS_KEY_ID", AK, "AWS_SECRET_ACCESS_KEY", SK);

  static RealS3 real;
  static S3Client aws;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    real = RealS3.start(AK, SK, BUCKET);
    aws = real.aws;
  }

  @AfterAll
  static void stop() {
    if (real != null) {
      real.close();
    }
  }

  @Test
  void ctrlCWithoutACheckpointAbortsTheUploadOnTheServer() throws Exception {
    String key = "interrupt/no-checkpoint.bin";
    Child child = Child.start(command(key, null), true);
    child.feed(bytes(11 << 20, 1));
    child.awaitLine("1 part done");
    awaitParts(key, 2);
    assertThat(open(key)).as("open before the signal").hasSize(1);
    String uploadId = open(key).get(0).uploadId();

    child.signal();

    assertThat(child.exitCode()).as(child.stderr()).isEqualTo(UnipartCli.INTERRUPTED);
    System.out.print("SIGINT, no checkpoint (SIGINT ignored here: " + Child.sigintIgnored()
        + "):\n" + child.stderr());
    assertThat(child.stderr()).contains("interrupted: aborted s3 upload " + uploadId + " of \""
        + key + "\"");
    assertThat(open(key)).as("open after the signal").isEmpty();
    assertThat(exists(key)).isFalse();
    assertThat(child.stderr()).doesNotContain(SK);
  }

  @Test
  void sigtermWithACheckpointKeepsTheUploadAndPrintsTheResumeCommand() throws Exception {
    String key = "interrupt/kept.bin";
    Path checkpoint = dir.resolve("kept.ckpt");
    byte[] all = bytes(16 << 20, 2);
    Child child = Child.start(command(key, checkpoint), false);
    child.feed(java.util.Arrays.copyOf(all, 11 << 20));
    child.awaitLine("1 part done");
    awaitParts(key, 2);

    child.signal();

    assertThat(child.exitCode()).as(child.stderr()).isEqualTo(UnipartCli.INTERRUPTED);
    System.out.print("SIGTERM, checkpoint:\n" + child.stderr());
    List<MultipartUpload> open = open(key);
    assertThat(open).hasSize(1);
    String uploadId = open.get(0).uploadId();
    assertThat(aws.listParts(r -> r.bucket(BUCKET).key(key).uploadId(uploadId)).parts())
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(checkpoint).exists();
    String resume = "resume --checkpoint " + checkpoint + " -";
    assertThat(child.stderr()).contains("interrupted: kept s3 upload " + uploadId + " of \""
        + key + "\"").contains("to finish it: ").contains(resume)
        .contains("abort --checkpoint " + checkpoint);

    // the printed command, run with the same bytes on standard input, finishes the upload
    String printed = child.stderr().lines().filter(l -> l.contains("to finish it: "))
        .findFirst().orElseThrow();
    List<String> args = List.of(printed.substring(printed.indexOf(resume)).split(" "));
    InputStream saved = System.in;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setIn(new ByteArrayInputStream(all));
      code = UnipartCli.run(args.toArray(String[]::new),
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), ENV);
    } finally {
      System.setIn(saved);
    }
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("resuming: found");
    assertThat(md5(landed(key))).isEqualTo(md5(all));
    assertThat(open(key)).isEmpty();
    assertThat(checkpoint).doesNotExist();
  }

  List<String> command(String key, Path checkpoint) {
    List<String> c = new ArrayList<>(List.of("upload", "-", "--dialect", "s3", "--endpoint",
        real.server.endpoint().toString(), "--region", "us-east-1", "--bucket", BUCKET,
        "--key", key, "--part-size", "5MiB", "--concurrency", "1"));
    if (checkpoint != null) {
      c.addAll(List.of("--checkpoint", checkpoint.toString()));
    }
    return c;
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] md5(byte[] b) throws Exception {
    return MessageDigest.getInstance("MD5").digest(b);
  }

  byte[] landed(String key) {
    return aws.getObject(r -> r.bucket(BUCKET).key(key), ResponseTransformer.toBytes())
        .asByteArray();
  }

  boolean exists(String key) {
    return aws.listObjectsV2(r -> r.bucket(BUCKET).prefix(key)).contents().stream()
        .anyMatch(o -> o.key().equals(key));
  }

  /**
   * Waits until the server holds {@code n} parts of the key's one open upload (progress off a
   * terminal prints a line every few seconds, not one per part, so the server is asked).
   */
  void awaitParts(String key, int n) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<MultipartUpload> open = open(key);
      if (open.size() == 1 && aws.listParts(r -> r.bucket(BUCKET).key(key)
          .uploadId(open.get(0).uploadId())).parts().size() >= n) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(n + " parts of " + key + " not on the server within 60 s");
  }

  List<MultipartUpload> open(String key) {
    return aws.listMultipartUploads(r -> r.bucket(BUCKET).prefix(key)).uploads();
  }

  /** The CLI in a child JVM, its standard input a pipe this test writes. */
  static final class Child {
    final Process process;
    final boolean interrupt;
    final StringBuffer stderr = new StringBuffer();
    final Thread reader;

    private Child(Process process, boolean interrupt) {
      this.process = process;
      this.interrupt = interrupt;
      this.reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
            process.getErrorStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            stderr.append(line).append('\n');
          }
        } catch (java.io.IOException e) {
          stderr.append("[reading failed: ").append(e).append("]\n");
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    /**
     * Starts the CLI. A JVM started with SIGINT ignored (as background jobs of a non-interactive
     * shell are) never sees Ctrl-C; perl restores the default first, as a terminal would have it.
     */
    static Child start(List<String> args, boolean interrupt) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command = new ArrayList<>();
      if (interrupt && sigintIgnored()) {
        assertThat(Path.of("/usr/bin/perl")).as("perl, to give the child a default SIGINT")
            .exists();
        command.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT}='DEFAULT'; exec @ARGV or die"));
      }
      command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"),
          UnipartCli.class.getName()));
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().putAll(ENV);
      return new Child(pb.start(), interrupt);
    }

    static boolean sigintIgnored() throws Exception {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("SigIgn:")) {
          return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 2L) != 0;
        }
      }
      return false;
    }

    void feed(byte[] bytes) throws Exception {
      OutputStream in = process.getOutputStream();
      in.write(bytes);
      in.flush();
    }

    void awaitLine(String text) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!stderr.toString().contains(text)) {
        assertThat(process.isAlive()).as("child alive; it printed: %s", stderr).isTrue();
        assertThat(System.nanoTime()).as("'%s' within 60 s; it printed: %s", text, stderr)
            .isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    /** Ctrl-C (SIGINT) or SIGTERM, as {@code kill} sends them. */
    void signal() throws Exception {
      // not Process.destroy(): it also closes this side of the child's streams
      Process kill = new ProcessBuilder("/bin/sh", "-c",
          "kill -" + (interrupt ? "INT " : "TERM ") + process.pid()).inheritIO().start();
      assertThat(kill.waitFor()).isZero();
    }

    int exitCode() throws Exception {
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("exited; it printed: %s", stderr)
          .isTrue();
      reader.join(5_000);
      return process.exitValue();
    }

    String stderr() {
      return stderr.toString();
    }
  }
}
