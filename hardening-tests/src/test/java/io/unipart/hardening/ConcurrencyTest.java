package io.unipart.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.MultipartInitiator;
import io.unipart.UploadSession;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One client per dialect, shared by 64 threads initiating 5,000 uploads, then 5,000 more through
 * the async API: every call succeeds, every session is its own, nothing is left behind.
 */
class ConcurrencyTest {
  static final int THREADS = 64;
  static final int UPLOADS = 5000;
  static final String ID = "{{randomValue length=32 type='ALPHANUMERIC'}}";

  @RegisterExtension
  static WireMockExtension server = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().containerThreads(80).disableRequestJournal())
      .build();

  static Stream<Dialect> dialects() {
    return Dialects.all().stream();
  }

  /** The dialect's success answer with a fresh upload id each time. */
  static String templated(Dialect d) {
    switch (d.name()) {
      case "s3":
      case "cos":
        return "<InitiateMultipartUploadResult><UploadId>" + ID
            + "</UploadId></InitiateMultipartUploadResult>";
      case "cognite":
        return "{\"id\":7,\"uploadId\":\"" + ID + "\",\"uploadUrls\":[\"https://u/1\","
            + "\"https://u/2\"]}";
      case "rum":
        return "{\"code\":200,\"content\":{\"uploadId\":\"" + ID + "\"},\"errorCode\":\"\","
            + "\"message\":\"\",\"success\":true,\"traceId\":\"T\"}";
      default:
        return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"uploadId\":\"" + ID
            + "\",\"requestKey\":\"rk\",\"presignedUrl\":[{\"partNumber\":1,\"presignedUrl\":"
            + "\"https://s/1\"},{\"partNumber\":2,\"presignedUrl\":\"https://s/2\"}]},"
            + "\"statusCode\":200}";
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void sixtyFourThreadsShareOneClient(Dialect d) throws Exception {
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(d.successStatus())
        .withTransformers("response-template").withBody(templated(d))));
    int threadsBefore = FaultSuiteTest.unipartThreads();
    Set<String> ids = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (MultipartInitiator client = d.client(server.baseUrl(), b -> { })) {
      List<Future<UploadSession>> sync = new ArrayList<>();
      for (int i = 0; i < UPLOADS; i++) {
        sync.add(pool.submit(() -> client.initiate(d.request())));
      }
      for (Future<UploadSession> f : sync) {
        ids.add(f.get(60, TimeUnit.SECONDS).uploadId());
      }
      List<CompletableFuture<UploadSession>> async = new ArrayList<>();
      for (int i = 0; i < UPLOADS; i++) {
        async.add(client.initiateAsync(d.request()));
      }
      for (CompletableFuture<UploadSession> f : async) {
        ids.add(f.get(60, TimeUnit.SECONDS).uploadId());
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(ids).as("distinct sessions").hasSize(2 * UPLOADS);
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < until
        && (FaultSuiteTest.unipartThreads() > threadsBefore
            || LoopbackSockets.established(server.getPort()) > 0)) {
      Thread.sleep(100);
    }
    assertThat(FaultSuiteTest.unipartThreads()).as("async threads").isLessThanOrEqualTo(
        threadsBefore);
    assertThat(LoopbackSockets.established(server.getPort())).as("open connections").isZero();
  }
}
