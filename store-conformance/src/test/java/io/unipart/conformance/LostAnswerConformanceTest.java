package io.unipart.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.MultipartUploader;
import io.unipart.UploadEventListener;
import io.unipart.UploadException;
import io.unipart.UploadRequest;
import io.unipart.http.HttpTransport;
import io.unipart.http.OkHttpTransport;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a store does when a call reached it but its answer did not reach the client, and the
 * CLI's housekeeping on each store. A complete that finished the upload, its answer lost: the
 * client's retry meets an upload the store no longer has (S3: 404 NoSuchUpload; Ceph RGW 16: 500
 * InternalError, its listing 404 NoSuchKey); the object, looked up, is taken only when these parts
 * make it. And {@code unipart cleanup} aborts exactly the uploads it lists.
 */
class LostAnswerConformanceTest {
  static final String SECTION = "Lost answers, housekeeping";

  @TempDir Path dir;

  /** The real transport, except that the first complete's answer is read and then lost. */
  static final class LosingTransport implements HttpTransport {
    private final HttpTransport real;
    private final AtomicBoolean lost = new AtomicBoolean();

    LosingTransport(HttpTransport real) {
      this.real = real;
    }

    @Override
    public HttpResponse execute(HttpRequest request, Duration timeout, long maxBodyBytes)
        throws IOException {
      HttpResponse response = real.execute(request, timeout, maxBodyBytes);
      if (request.operation().equals("complete") && lost.compareAndSet(false, true)) {
        throw new IOException("the answer to complete was lost (injected, after the store"
            + " answered " + response.status() + ")");
      }
      return response;
    }

    @Override
    public void close() {
      real.close();
    }
  }

  /** OkHttp trusting the store's own CA where it has one (https), as {@code --ca-bundle} does. */
  static HttpTransport transport(RealStore store, String scheme) throws Exception {
    if (!scheme.equals("https") || store.caBundle().isEmpty()) {
      return OkHttpTransport.create();
    }
    TrustManager[] trust = RealStore.trustManagers(store.caBundle().get());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust, null);
    return OkHttpTransport.create(new okhttp3.OkHttpClient.Builder()
        .sslSocketFactory(tls.getSocketFactory(), (X509TrustManager) trust[0]).build());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void aCompleteWhoseAnswerWasLostEndsWithTheObjectItMade(StoreTarget target) throws Exception {
    RealStore store = target.running();
    byte[] data = new byte[(5 << 20) + 1000];
    new Random(41).nextBytes(data);
    Path file = Files.write(dir.resolve("lost.bin"), data);
    List<UploadEventListener.AttemptEvent> completes = new CopyOnWriteArrayList<>();
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      String outcome;
      try (io.unipart.s3.S3MultipartClient s3 = store.clientThrough(target.scheme(), bucket,
          new LosingTransport(transport(store, target.scheme())))
          .eventListener(new UploadEventListener() {
            @Override
            public void attemptFinished(AttemptEvent a) {
              if (a.call().equals("complete")) {
                completes.add(a);
              }
            }
          }).build()) {
        MultipartUploader.builder(s3).build().upload(file,
            UploadRequest.builder().key("lost/complete.bin").build());
        byte[] landed = aws.getObjectAsBytes(r -> r.bucket(bucket).key("lost/complete.bin"))
            .asByteArray();
        assertThat(landed).as("%s", target).isEqualTo(data);
        UploadEventListener.AttemptEvent retry = completes.get(completes.size() - 1);
        outcome = retry.status() == 200
            ? "works: the store answers the retried complete 200 again"
            : "works: the retry was answered " + retry.status()
                + (retry.error() == null ? "" : " " + retry.error())
                + ", the object looked up and taken";
      } catch (UploadException e) {
        outcome = Outcomes.of(e);
      }
      assertThat(LifecycleConformanceTest.open(aws, bucket, "lost/")).isEmpty();
      Matrix.record(SECTION, "complete retried after its answer was lost", target, outcome);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.unipart.conformance.StoreTarget#all")
  void theCliCleanupAbortsExactlyWhatItLists(StoreTarget target) throws Exception {
    RealStore store = target.running();
    try (S3Client aws = store.aws(target.scheme())) {
      String bucket = LifecycleConformanceTest.bucket(aws);
      for (String key : List.of("cleanup/a.bin", "cleanup/b.bin", "keep/c.bin")) {
        aws.createMultipartUpload(r -> r.bucket(bucket).key(key));
      }
      Thread.sleep(1100); // "older than 0s" by the store's second-grained clock
      List<String> args = new ArrayList<>(List.of("cleanup", "--older-than", "0s", "--prefix",
          "cleanup/", "--yes", "--json"));
      args.addAll(CrashResumeConformanceTest.connection(store, target, bucket));
      Path log = dir.resolve("cleanup.json");
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
          System.getProperty("java.class.path"), "io.unipart.examples.UnipartCli"));
      command.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(log.toFile())
          .redirectError(dir.resolve("cleanup.err").toFile());
      pb.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", store.accessKey(),
          "AWS_SECRET_ACCESS_KEY", store.secretKey()));
      Process p = pb.start();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(dir.resolve("cleanup.err"))).isZero();
      com.fasterxml.jackson.databind.JsonNode done =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(log.toFile());
      assertThat(done.get("aborted").asInt()).isEqualTo(2);
      assertThat(LifecycleConformanceTest.open(aws, bucket, "cleanup/")).isEmpty();
      assertThat(LifecycleConformanceTest.open(aws, bucket, "keep/")).hasSize(1);
      LifecycleConformanceTest.open(aws, bucket, "keep/").forEach(u -> aws.abortMultipartUpload(
          r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
    }
    Matrix.record(SECTION, "CLI cleanup --older-than 0s --yes aborts what it lists, no more",
        target, "works");
  }
}
