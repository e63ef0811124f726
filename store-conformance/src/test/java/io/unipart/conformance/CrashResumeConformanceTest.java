package io.unipart.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.UploadCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The command-line tool as a user runs it, on every store: {@code unipart upload --checkpoint} in
 * a child process, killed with SIGKILL once the checkpoint records a part, then {@code unipart
 * resume --checkpoint} in another; the object must be the exact bytes (read back by AWS's client)
 * and nothing left open. The store's preset ({@code --store}) and its CA ({@code --ca-bundle}) are
 * given as a user would.
 */
class CrashResumeConformanceTest {
  static final String SECTION = LifecycleConformanceTest.SECTION;

  @TempDir Path dir;

  static List<String> connection(RealStore store, StoreTarget target, String bucket) {
    List<String> args = new ArrayList<>(List.of("--dialect", "s3", "--endpoint",
        store.endpoint(target.scheme()).toString(), "--region", store.region(), "--bucket",
        bucket, "--path-style"));
    if (store.hasPreset()) {
      args.addAll(List.of("--store", store.name()));
    }
    if (target.scheme().equals("https") && store.caBundle().isPresent()) {
      args.addAll(List.of("--ca-bundle", store.caBundle().get().toString()));
    }
    return args;
  }

  Process cli(RealStore store, List<String> args, Path log) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "io.unipart.examples.UnipartCli"));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", store.accessKey(),
        "AWS_SECRET_ACCESS_KEY", store.secretKey()));
    return pb.start();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void killedMidUploadTheCliResumesToTheExactBytes(StoreTarget target) throws Exception {
    RealStore store = target.running();
    byte[] data = new byte[48 << 20];
    new Random(7).nextBytes(data);
    Path file = Files.write(dir.resolve("big.bin"), data);
    Path checkpoint = dir.resolve("big.ckpt");
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      List<String> upload = new ArrayList<>(List.of("upload", file.toString(), "--key",
          "crash/big.bin", "--part-size", "5MiB", "--concurrency", "1", "--checkpoint",
          checkpoint.toString()));
      upload.addAll(connection(store, target, bucket));
      Path uploadLog = dir.resolve("upload.log");
      Process child = cli(store, upload, uploadLog);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline && child.isAlive()
          && !(Files.exists(checkpoint)
              && !UploadCheckpoint.read(checkpoint).parts().isEmpty())) {
        Thread.sleep(5);
      }
      assertThat(child.isAlive()).as("the upload ended before a part was recorded: %s",
          Files.readString(uploadLog)).isTrue();
      child.destroyForcibly(); // SIGKILL
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      int recorded = UploadCheckpoint.read(checkpoint).parts().size();

      // Only the checkpoint: the connection flags were kept beside it; credentials come from
      // the environment again.
      Path resumeLog = dir.resolve("resume.log");
      Process resume = cli(store, List.of("resume", "--checkpoint", checkpoint.toString(),
          file.toString()), resumeLog);
      assertThat(resume.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(resume.exitValue()).as(Files.readString(resumeLog)).isZero();

      byte[] landed = aws.getObjectAsBytes(r -> r.bucket(bucket).key("crash/big.bin"))
          .asByteArray();
      assertThat(landed).as("%s: the object after the resume", target).isEqualTo(data);
      assertThat(LifecycleConformanceTest.open(aws, bucket, "")).isEmpty();
      assertThat(checkpoint).doesNotExist();
      assertThat(recorded).isPositive();
    }
    Matrix.record(SECTION, "CLI killed (SIGKILL) mid-upload, then resume", target, "works");
  }
}
