package io.unipart.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.testkit.S3ProxyServer;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A 1 GiB (sparse) file uploads to a real S3 server from a JVM with a 64 MiB heap, with default
 * settings: files are streamed from disk part by part, never held in memory.
 */
class LowMemoryUploadTest {
  static final long GIB = 1L << 30;

  @TempDir Path dir;

  @Test
  void aOneGibFileUploadsWithA64MibHeap() throws Exception {
    Path file = dir.resolve("sparse-1g.bin");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(GIB);
    }
    try (S3ProxyServer server = S3ProxyServer.start(Path.of(System.getProperty("s3proxy.jar")),
        "low-mem-access", "low-mem-secret", "big")) {
      Path log = dir.resolve("child.log");
      ProcessBuilder pb = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
          "-cp", System.getProperty("java.class.path"),
          LowMemoryUploadMain.class.getName(),
          server.endpoint().toString(), "big", "one-gib.bin", file.toString()))
          .redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("AWS_ACCESS_KEY_ID", "low-mem-access");
      pb.environment().put("AWS_SECRET_ACCESS_KEY", "low-mem-secret");
      pb.environment().remove("AWS_SESSION_TOKEN");
      Process child = pb.start();
      boolean finished = child.waitFor(10, TimeUnit.MINUTES);
      if (!finished) {
        child.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(finished).as(output).isTrue();
      assertThat(child.exitValue()).as(output).isZero();
      assertThat(output).contains("size=" + GIB).contains("parts=128");
      System.out.println("LowMemoryUploadTest child: " + output.lines()
          .filter(l -> l.startsWith("size=")).findFirst().orElse(output));

      try (S3Client aws = S3Client.builder().endpointOverride(server.endpoint())
          .region(Region.US_EAST_1).forcePathStyle(true)
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create("low-mem-access", "low-mem-secret")))
          .httpClient(UrlConnectionHttpClient.create()).build()) {
        HeadObjectResponse head = aws.headObject(r -> r.bucket("big").key("one-gib.bin"));
        assertThat(head.contentLength()).isEqualTo(GIB);
      }
    }
  }
}
