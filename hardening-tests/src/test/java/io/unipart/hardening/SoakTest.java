package io.unipart.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.MultipartClient;
import io.unipart.MultipartUploader;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.testkit.LocalHttpStub;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A soak: 2,000 small whole uploads in sequence through one client and one uploader per dialect
 * (initiate, a part, complete), against a local stand-in that answers each dialect's lifecycle.
 * Heap after a full GC, live threads and open file descriptors are taken after a warm-up and
 * again at the end, printed, and must stay flat. Bounded: it stops after its count.
 * {@code -Dunipart.soak.uploads=N} changes the count; {@code docs/RELIABILITY.md} has the last
 * figures.
 */
class SoakTest {
  static final int UPLOADS = Integer.getInteger("unipart.soak.uploads", 2_000);
  static final int WARM_UP = 100;

  static final AtomicReference<String> BASE = new AtomicReference<>();
  static LocalHttpStub stub;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws IOException {
    stub = LocalHttpStub.start(SoakTest::answer);
    BASE.set(stub.baseUrl());
  }

  @AfterAll
  static void stop() {
    stub.close();
  }

  static Stream<Arguments> dialects() {
    Map<String, Function<String, MultipartClient>> clients = Map.of(
        "s3", ResponseFuzzTest::s3, "cos", ResponseFuzzTest::cos,
        "cognite", ResponseFuzzTest::cognite, "rum", ResponseFuzzTest::rum,
        "presigned", ResponseFuzzTest::presigned);
    return Stream.of("s3", "cos", "cognite", "rum", "presigned")
        .map(d -> Arguments.of(d, clients.get(d)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void manyUploadsInSequenceLeaveHeapThreadsAndFilesFlat(String dialect,
      Function<String, MultipartClient> factory) throws Exception {
    Path file = Files.write(dir.resolve(dialect + ".bin"), new byte[1024]);
    try (MultipartClient client = factory.apply(stub.baseUrl())) {
      MultipartUploader uploader = MultipartUploader.builder(client).concurrency(2).build();
      UploadRequest request = UploadRequest.builder().key(dialect.equals("rum") ? "1.0.0"
          : "soak.bin").build();
      for (int i = 0; i < WARM_UP; i++) {
        uploader.upload(file, request);
      }
      Figures before = Figures.now();
      long started = System.nanoTime();
      for (int i = 0; i < UPLOADS; i++) {
        UploadResult result = uploader.upload(file, request);
        assertThat(result.size()).isEqualTo(1024);
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      Figures after = Figures.now();
      System.out.printf("soak %s: %d uploads in %d ms; heap %s -> %s KiB, threads %d -> %d,"
              + " fds %d -> %d%n", dialect, UPLOADS, millis, before.heapKib, after.heapKib,
          before.threads, after.threads, before.fds, after.fds);
      assertThat(after.threads).as("threads").isLessThanOrEqualTo(before.threads + 2);
      assertThat(after.fds).as("file descriptors").isLessThanOrEqualTo(before.fds + 8);
      assertThat(after.heapKib).as("heap after GC, KiB").isLessThan(before.heapKib + 16 * 1024);
    }
  }

  /** Heap after a full GC, live threads, open file descriptors. */
  record Figures(long heapKib, int threads, long fds) {
    static Figures now() throws Exception {
      // Let upload threads that are ending finish, then collect twice.
      Thread.sleep(200);
      System.gc();
      Thread.sleep(100);
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
      long fds;
      try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
        fds = open.count();
      }
      return new Figures(heap, ManagementFactory.getThreadMXBean().getThreadCount(), fds);
    }
  }

  /** Each dialect's lifecycle, answered just well enough for a whole upload to finish. */
  static LocalHttpStub.Reply answer(LocalHttpStub.Request r) {
    String path = r.rawPath();
    String query = r.rawQuery() == null ? "" : r.rawQuery();
    String base = BASE.get();
    // S3 and COS
    if (query.equals("uploads")) {
      return LocalHttpStub.Reply.of(200, "application/xml", "<InitiateMultipartUploadResult>"
          + "<Bucket>b</Bucket><Key>soak.bin</Key><UploadId>up</UploadId>"
          + "</InitiateMultipartUploadResult>");
    }
    if (r.method().equals("PUT") && (query.contains("partNumber=") || path.startsWith("/part"))) {
      return LocalHttpStub.Reply.of(200, "text/plain", "").header("ETag", "\"e\"");
    }
    if (r.method().equals("POST") && query.startsWith("uploadId=")) {
      return LocalHttpStub.Reply.of(200, "application/xml", "<CompleteMultipartUploadResult>"
          + "<Bucket>b</Bucket><Key>soak.bin</Key><ETag>\"e-1\"</ETag>"
          + "</CompleteMultipartUploadResult>");
    }
    // Cognite
    if (path.endsWith("/files/initmultipartupload")) {
      return LocalHttpStub.Reply.of(201, "application/json", "{\"items\":[{\"id\":42,\"name\":"
          + "\"soak.bin\",\"uploadId\":\"cdf\",\"uploadUrls\":[\"" + base + "/part/1\"]}]}");
    }
    if (path.endsWith("/files/completemultipartupload")) {
      return LocalHttpStub.Reply.of(200, "application/json", "{}");
    }
    // Guance RUM
    if (path.endsWith("multipart_upload_init")) {
      return LocalHttpStub.Reply.of(200, "application/json", "{\"code\":200,\"content\":"
          + "{\"existsOldTask\":false,\"existsSameFile\":false,\"uploadId\":\"rum\"},"
          + "\"errorCode\":\"\",\"message\":\"\",\"success\":true,\"traceId\":\"t\"}");
    }
    if (path.endsWith("upload_part") || path.endsWith("part_merge")) {
      return LocalHttpStub.Reply.of(200, "application/json", "{\"code\":200,\"content\":{},"
          + "\"errorCode\":\"\",\"message\":\"\",\"success\":true,\"traceId\":\"t\"}");
    }
    // Presigned
    if (path.endsWith("/uploads/multipart")) {
      return LocalHttpStub.Reply.of(200, "application/json", "{\"success\":true,\"errors\":[],"
          + "\"messages\":[],\"result\":{\"uploadId\":\"vp\",\"requestKey\":\"rk\","
          + "\"presignedUrl\":[{\"partNumber\":1,\"presignedUrl\":\"" + base + "/part/1\"}]},"
          + "\"resultInfo\":null,\"statusCode\":200}");
    }
    if (path.endsWith("/uploads/multipart-complete")) {
      return LocalHttpStub.Reply.of(200, "application/json", "{\"success\":true,\"errors\":[],"
          + "\"messages\":[],\"result\":true,\"resultInfo\":null,\"statusCode\":200}");
    }
    return LocalHttpStub.Reply.of(404, "text/plain", "no route for " + r.method() + " " + path);
  }
}
