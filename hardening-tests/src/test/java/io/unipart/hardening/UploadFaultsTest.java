package io.unipart.hardening;

import io.unipart.ClientBuilder;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.MultipartClient;
import io.unipart.MultipartUploader;
import io.unipart.RetryPolicy;
import io.unipart.ServiceException;
import io.unipart.Timeouts;
import io.unipart.TransportException;
import io.unipart.UploadFailedException;
import io.unipart.UploadRequest;
import io.unipart.cognite.CogniteMultipartClient;
import io.unipart.cos.CosCredentials;
import io.unipart.cos.CosMultipartClient;
import io.unipart.presigned.PresignedMultipartClient;
import io.unipart.rum.RumSourcemapClient;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whole uploads through every dialect when the part calls meet a hostile server: errors that
 * outlast the retries, resets, refusals, and answers slower than the attempt timeout. Each ends
 * in an {@link UploadFailedException} well within its bound, says what became of the upload
 * (aborted where the dialect can, plainly not where it cannot), leaks no secret, and leaves no
 * thread or connection behind.
 */
class UploadFaultsTest {
  /** The control-plane attempt timeout, and the longest a part may wait for its answer. */
  static final Duration ATTEMPT = Duration.ofSeconds(1);

  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()
          .gzipDisabled(true)).build();

  @TempDir static Path dir;
  static Path file;
  static int threadsBefore;

  @BeforeAll
  static void before() throws Exception {
    file = Files.write(dir.resolve("twelve-mib.bin"), new byte[12 << 20]);
    threadsBefore = FaultSuiteTest.unipartThreads();
  }

  enum PartFault {
    ERRORS_OUTLAST_RETRIES(aResponse().withStatus(503).withBody("busy")),
    CONNECTION_RESET(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
    REFUSED(aResponse().withStatus(403).withBody("<Error><Code>AccessDenied</Code>"
        + "<Message>no</Message></Error>")),
    SLOWER_THAN_THE_ATTEMPT_TIMEOUT(aResponse().withStatus(200).withFixedDelay(3_000));

    final ResponseDefinitionBuilder answer;

    PartFault(ResponseDefinitionBuilder answer) {
      this.answer = answer;
    }
  }

  /** One dialect: its client, its init answer, and which requests are part calls. */
  static final class Setup {
    final String name;
    final Function<String, MultipartClient> client;
    final String initPath;
    final String initBody;
    final String partPath;
    final String partMethod;

    Setup(String name, Function<String, MultipartClient> client, String initPath,
        String initBody, String partPath, String partMethod) {
      this.name = name;
      this.client = client;
      this.initPath = initPath;
      this.initBody = initBody;
      this.partPath = partPath;
      this.partMethod = partMethod;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static <B extends ClientBuilder<B>> B settings(B b) {
    return b.retryPolicy(RetryPolicy.builder().maxAttempts(3).build()).sleeper(d -> { })
        .timeouts(Timeouts.builder().attempt(ATTEMPT).read(ATTEMPT).build());
  }

  static String blobs(String base) {
    return "[\"" + base + "/blob/1?sig=a\",\"" + base + "/blob/2?sig=b\"]";
  }

  static List<Setup> setups() {
    return List.of(
        new Setup("s3", base -> settings(S3MultipartClient.builder().endpoint(base)
                .region("us-east-1").bucket("media")
                .credentials(AwsCredentials.of("AKID", Dialect.S3_SECRET, Dialect.S3_TOKEN)))
                .build(),
            "/media/k.bin", "<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k.bin"
                + "</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>",
            "/media/k.bin", "PUT"),
        new Setup("cos", base -> settings(CosMultipartClient.builder().region("ap-beijing")
                .bucket("media-1250000000").endpoint(base)
                .credentials(CosCredentials.of("AKID", Dialect.COS_SECRET, Dialect.COS_TOKEN)))
                .build(),
            "/k.bin", "<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket><Key>"
                + "k.bin</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>",
            "/k.bin", "PUT"),
        new Setup("cognite", base -> settings(CogniteMultipartClient.builder().baseUrl(base)
                .project("p").token(Dialect.COGNITE_TOKEN)).build(),
            "/api/v1/projects/p/files/initmultipartupload", null, "/blob/", "PUT"),
        new Setup("rum", base -> settings(RumSourcemapClient.builder().baseUrl(base)
                .apiKey(Dialect.RUM_KEY).appId("app_demo").noRateLimit()).build(),
            "/api/v1/rum_sourcemap/multipart_upload_init", "{\"code\":200,\"content\":"
                + "{\"uploadId\":\"up-1\"},\"errorCode\":\"\",\"message\":\"\",\"success\":true,"
                + "\"traceId\":\"T\"}",
            "/api/v1/rum_sourcemap/upload_part", "POST"),
        new Setup("presigned", base -> settings(PresignedMultipartClient.builder().baseUrl(base)
                .projectId("p").bearerToken(Dialect.PRESIGNED_TOKEN)).build(),
            "/api/projects/p/uploads/multipart", null, "/blob/", "PUT"));
  }

  static Stream<Arguments> cases() {
    return setups().stream().flatMap(s -> Stream.of(PartFault.values())
        .map(f -> Arguments.of(s, f)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void aFailingPartEndsTheUploadAndSaysWhatBecameOfIt(Setup setup, PartFault fault) {
    server.resetAll();
    String base = server.baseUrl();
    String init = setup.initBody;
    if (setup.name.equals("cognite")) {
      init = "{\"id\":42,\"uploadId\":\"up-1\",\"uploadUrls\":" + blobs(base) + "}";
    } else if (setup.name.equals("presigned")) {
      init = "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"uploadId\":\"up-1\","
          + "\"requestKey\":\"rk\",\"presignedUrl\":[{\"partNumber\":1,\"presignedUrl\":\""
          + base + "/blob/1?sig=a\"},{\"partNumber\":2,\"presignedUrl\":\"" + base
          + "/blob/2?sig=b\"}]},\"resultInfo\":null,\"statusCode\":200}";
    }
    // Everything else (abort, cancel, renewal) succeeds with the dialect's success shape.
    server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(
        setup.name.equals("s3") || setup.name.equals("cos") ? 204 : 200).withBody(
        setup.name.equals("rum") ? "{\"code\":200,\"content\":true,\"errorCode\":\"\","
            + "\"message\":\"\",\"success\":true,\"traceId\":\"T\"}"
            : setup.name.equals("presigned") ? "{\"success\":true,\"errors\":[],\"messages\":[],"
                + "\"result\":true,\"resultInfo\":null,\"statusCode\":200}" : "")));
    server.stubFor(post(urlPathEqualTo(setup.initPath)).atPriority(1).willReturn(aResponse()
        .withStatus(setup.name.equals("cognite") ? 201 : 200).withBody(init)));
    for (String path : List.of(setup.partPath, setup.partPath + "1", setup.partPath + "2")) {
      server.stubFor(request(setup.partMethod, urlPathEqualTo(path)).atPriority(2)
          .willReturn(fault.answer));
    }

    long start = System.nanoTime();
    UploadFailedException e;
    boolean canAbort;
    try (MultipartClient client = setup.client.apply(base)) {
      canAbort = client.capabilities().canAbort();
      e = catchThrowableOfType(() -> MultipartUploader.builder(client).concurrency(2).build()
          .upload(file, UploadRequest.builder().key("k.bin").partSize(6L << 20)
              .contentLength((long) (12 << 20)).build()), UploadFailedException.class);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(e).as("%s %s", setup, fault).isNotNull();
    assertThat(e.getCause()).isInstanceOfAny(ServiceException.class, TransportException.class);
    assertThat(took).isLessThan(Duration.ofSeconds(15));
    assertThat(e.aborted()).isEqualTo(canAbort);
    assertThat(e.getMessage()).contains(canAbort ? "was aborted" : "cannot abort");
    FaultSuiteTest.assertNoSecret(e);
    List<LoggedRequest> parts = server.findAll(anyRequestedFor(anyUrl())).stream()
        .filter(r -> r.getUrl().startsWith(setup.partPath)).toList();
    // Once the upload has returned and the client is closed, none of its requests is still on
    // the wire: the engine waited for every part to end before aborting.
    assertThat(openConnectionsAfter(Duration.ofSeconds(2))).as("open client connections")
        .isZero();
    assertThat(parts).isNotEmpty().allSatisfy(r -> {
      if (setup.name.equals("cognite") || setup.name.equals("presigned")) {
        assertThat(r.containsHeader("Authorization")).isFalse();
      }
    });
  }

  static int openConnectionsAfter(Duration grace) {
    try {
      long until = System.nanoTime() + grace.toNanos();
      while (System.nanoTime() < until && LoopbackSockets.established(server.getPort()) > 0) {
        Thread.sleep(50);
      }
      return LoopbackSockets.established(server.getPort());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void nothingIsLeftBehind() throws Exception {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int port = server.getPort();
    while (System.nanoTime() < until && (FaultSuiteTest.unipartThreads() > threadsBefore
        || LoopbackSockets.established(port) > 0)) {
      Thread.sleep(100);
    }
    assertThat(FaultSuiteTest.unipartThreads()).as("unipart threads")
        .isLessThanOrEqualTo(threadsBefore);
    assertThat(LoopbackSockets.established(port)).as("open client connections").isZero();
  }
}
