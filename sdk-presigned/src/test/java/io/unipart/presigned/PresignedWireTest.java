package io.unipart.presigned;

import io.unipart.spi.ServiceError;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.AuthenticationException;
import io.unipart.InvalidRequestException;
import io.unipart.PartTarget;
import io.unipart.ServiceException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The presigned-URL API's request, envelope and errors, against a local WireMock server. */
class PresignedWireTest {
  static final String PATH = "/api/projects/agmipmdzkrte/uploads/multipart";
  static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final List<PresignedMultipartClient> clients = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(PresignedMultipartClient::close);
  }

  PresignedMultipartClient client(Consumer<PresignedMultipartClient.Builder> custom) {
    PresignedMultipartClient.Builder b = PresignedMultipartClient.builder()
        .baseUrl("http://127.0.0.1:" + wm.getPort()).projectId("agmipmdzkrte")
        .bearerToken("vp-token").sleeper(sleeps::add);
    custom.accept(b);
    PresignedMultipartClient c = b.build();
    clients.add(c);
    return c;
  }

  PresignedMultipartClient client() {
    return client(b -> { });
  }

  static String url(int n) {
    return "https://bucket.s3.example.com/uploads/x?partNumber=" + n + "&X-Amz-Signature=s" + n;
  }

  static String entry(int n, String url) {
    return "{\"partNumber\":" + n + ",\"presignedUrl\":\"" + url + "\"}";
  }

  static String response(String... entries) {
    return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"uploadId\":\"uploadId\","
        + "\"requestKey\":\"requestKey\",\"presignedUrl\":[" + String.join(",", entries) + "]},"
        + "\"resultInfo\":null,\"statusCode\":200}";
  }

  static List<LoggedRequest> sent() {
    return wm.findAll(anyRequestedFor(anyUrl()));
  }

  /** The seed's body and response; its "presignedUrl" placeholders are replaced by URLs. */
  @Test
  void reproducesTheSeedRequestAndMapsTheSeedResponse() throws Exception {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("x-request-id", "vp-req-1")
        .withBody(response(entry(1, url(1)), entry(2, url(2)), entry(3, url(3))))));

    UploadSession s = client().initiate(PresignedInitiateRequest.builder(UploadRequest.builder()
        .partCount(3).key("fileName").contentLength(123456789L).contentType("video/mp4").build())
        .build());

    LoggedRequest r = sent().get(0);
    assertThat(r.getMethod().getName()).isEqualTo("POST");
    assertThat(r.getUrl()).isEqualTo(PATH);
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer vp-token");
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(JSON.readTree(r.getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"partsNumber\": 3, \"fileName\": \"fileName\", \"contentLength\": \"123456789\","
            + " \"mimeType\": \"video/mp4\"}"));
    assertThat(s.dialect()).isEqualTo("presigned");
    assertThat(s.uploadId()).isEqualTo("uploadId");
    assertThat(s.destination()).isEqualTo("agmipmdzkrte");
    assertThat(s.key()).isEqualTo("fileName");
    assertThat(s.handles()).containsEntry("requestKey", "requestKey");
    assertThat(s.requestId()).contains("vp-req-1");
    assertThat(s.parts()).extracting(PartTarget::partNumber).containsExactly(1, 2, 3);
    assertThat(s.parts()).extracting(PartTarget::url).containsExactly(
        URI.create(url(1)), URI.create(url(2)), URI.create(url(3)));
    // No expiry chosen: the API's documented default of 12 hours.
    assertThat(s.parts()).allSatisfy(p -> assertThat(p.expiresAt())
        .contains(s.initiatedAt().plus(java.time.Duration.ofHours(12))));
  }

  @Test
  void newerFieldsAreSentAndTheExpiryReachesTheParts() throws Exception {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201)
        .withBody(response(entry(2, url(2)), entry(1, url(1))))));
    Instant now = Instant.parse("2026-11-21T10:00:00Z");
    UploadSession s = client(b -> b.clock(Clock.fixed(now, ZoneOffset.UTC)))
        .initiate(PresignedInitiateRequest.builder(UploadRequest.builder().key("a.mp4")
            .contentLength(20L << 20).partSize(10L << 20).build()).enableDuplicateCheck(true)
            .fileHash("9f86d081")
            .presignedUrlExpiryTimeHours(24).build());
    assertThat(JSON.readTree(sent().get(0).getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"partsNumber\":2,\"fileName\":\"a.mp4\",\"contentLength\":\"20971520\","
            + "\"enableDuplicateCheck\":true,\"fileHash\":\"9f86d081\","
            + "\"presignedUrlExpiryTimeHours\":24}"));
    assertThat(s.parts()).extracting(PartTarget::partNumber).containsExactly(1, 2);
    assertThat(s.parts()).allSatisfy(p ->
        assertThat(p.expiresAt()).contains(now.plus(Duration.ofHours(24))));
    assertThat(s.partSize()).hasValue(10L << 20);
  }

  @Test
  void theNeutralRequestMapsOnto() throws Exception {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withBody(response(entry(1, url(1))))));
    client(b -> b.authorization("ApiKey abc")).initiate(UploadRequest.builder().key("clip.mov")
        .contentType("video/quicktime").partCount(1).build());
    LoggedRequest r = sent().get(0);
    assertThat(r.getHeader("Authorization")).isEqualTo("ApiKey abc");
    assertThat(JSON.readTree(r.getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"partsNumber\":1,\"fileName\":\"clip.mov\",\"mimeType\":\"video/quicktime\"}"));
  }

  static Stream<Arguments> badUrlLists() {
    return Stream.of(
        Arguments.of("too few", response(entry(1, url(1)), entry(2, url(2))), "got 2"),
        Arguments.of("duplicated", response(entry(1, url(1)), entry(1, url(1)), entry(2, url(2))),
            "given twice"),
        Arguments.of("out of range", response(entry(1, url(1)), entry(2, url(2)),
            entry(4, url(4))), "outside 1..3"),
        Arguments.of("zero-based", response(entry(0, url(0)), entry(1, url(1)), entry(2, url(2))),
            "outside 1..3"),
        Arguments.of("not URLs", response(entry(1, "presignedUrl"), entry(2, url(2)),
            entry(3, url(3))), "absolute http(s) URL"),
        Arguments.of("ftp", response(entry(1, "ftp://x/y"), entry(2, url(2)), entry(3, url(3))),
            "absolute http(s) URL"),
        Arguments.of("no result", "{\"success\":true,\"errors\":[],\"messages\":[],"
            + "\"result\":null,\"resultInfo\":null,\"statusCode\":200}", "result is missing"),
        Arguments.of("no requestKey", "{\"success\":true,\"result\":{\"uploadId\":\"u\","
            + "\"presignedUrl\":[]}}", "requestKey"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badUrlLists")
  void urlListsThatDoNotCoverEveryPartAreTypedErrors(String name, String body, String message) {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(body)));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(PresignedInitiateRequest.builder(UploadRequest.builder().key("f")
            .partCount(3).build())
            .build()));
    assertThat(e.error().kind()).isEqualTo(ServiceError.Kind.MALFORMED_RESPONSE);
    assertThat(e.errorMessage()).contains(message);
  }

  static Stream<Arguments> documentedErrors() {
    return Stream.of(
        Arguments.of(400, ServiceException.class, 1, "Bad Request"),
        Arguments.of(401, AuthenticationException.class, 1, "Unauthorized"),
        Arguments.of(403, AuthenticationException.class, 1, "Forbidden"),
        Arguments.of(404, ServiceException.class, 1, "Result Not Found"),
        Arguments.of(500, ServiceException.class, 3, "Internal Server Error"),
        Arguments.of(503, ServiceException.class, 3, "Backend Fetch Failed"));
  }

  @ParameterizedTest(name = "HTTP {0}")
  @MethodSource("documentedErrors")
  void eachDocumentedStatusMapsToItsException(int status, Class<? extends ServiceException> type,
      int attempts, String reason) {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(status)
        .withHeader("Content-Type", "text/plain").withBody(reason)));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(PresignedInitiateRequest.builder(UploadRequest.builder().key("f")
            .partCount(1).build())
            .build()));
    assertThat(e).isExactlyInstanceOf(type);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.attempts()).isEqualTo(attempts);
    assertThat(e.errorMessage()).contains(reason);
    assertThat(e.getMessage()).doesNotContain("vp-token");
  }

  @Test
  void an503ThenSuccessIsRetried() {
    wm.stubFor(post(anyUrl()).inScenario("r").whenScenarioStateIs(
            com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withBody("Backend Fetch Failed"))
        .willSetStateTo("ok"));
    wm.stubFor(post(anyUrl()).inScenario("r").whenScenarioStateIs("ok")
        .willReturn(aResponse().withBody(response(entry(1, url(1))))));
    assertThat(client().initiate(PresignedInitiateRequest.builder(UploadRequest.builder().key("f")
        .partCount(1).build())
        .build()).uploadId()).isEqualTo("uploadId");
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void successFalseIn200CarriesErrorsAndMessages() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
        "{\"success\":false,\"errors\":[\"Duplicate file\",\"hash exists\"],\"messages\":"
            + "[\"see docs\"],\"result\":null,\"resultInfo\":\"dup\",\"statusCode\":409}")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(PresignedInitiateRequest.builder(UploadRequest.builder().key("f")
            .partCount(1).build())
            .build()));
    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(e.errorMessage()).isEqualTo("Duplicate file; hash exists");
    assertThat(e.details()).containsEntry("errors", "Duplicate file; hash exists")
        .containsEntry("messages", "see docs").containsEntry("statusCode", "409")
        .containsEntry("resultInfo", "dup");
    assertThat(e.attempts()).isEqualTo(1);
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        bad("partCount", u -> u.key("f").partCount(0)),
        bad("partCount", u -> u.key("f")),
        bad("key", u -> u.partCount(1)),
        bad("key", u -> u.key(" ").partCount(1)),
        bad("contentLength", u -> u.key("f").partCount(1).contentLength(-1L)),
        bad("metadata", u -> u.key("f").partCount(1).metadata("a", "b")),
        bad("overwrite", u -> u.key("f").partCount(1).overwrite(false)),
        Arguments.of("presignedUrlExpiryTimeHours", (Supplier<PresignedInitiateRequest.Builder>)
            () -> PresignedInitiateRequest.builder(UploadRequest.builder().key("f").partCount(1)
                .build()).presignedUrlExpiryTimeHours(0)),
        Arguments.of("presignedUrlExpiryTimeHours", (Supplier<PresignedInitiateRequest.Builder>)
            () -> PresignedInitiateRequest.builder(UploadRequest.builder().key("f").partCount(1)
                .build()).presignedUrlExpiryTimeHours(169)),
        Arguments.of("fileHash", (Supplier<PresignedInitiateRequest.Builder>)
            () -> PresignedInitiateRequest.builder(UploadRequest.builder().key("f").partCount(1)
                .build()).enableDuplicateCheck(true)),
        bad("contentType", u -> u.key("f").partCount(1).contentType("video")));
  }

  /** A request whose neutral part, as given, breaks a rule on the named field. */
  static Arguments bad(String field,
      java.util.function.Consumer<UploadRequest.Builder> neutral) {
    return Arguments.of(field, (Supplier<PresignedInitiateRequest.Builder>) () -> {
      UploadRequest.Builder u = UploadRequest.builder();
      neutral.accept(u);
      return PresignedInitiateRequest.builder(u.build());
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputIsRejectedBeforeAnythingIsSent(String field,
      Supplier<PresignedInitiateRequest.Builder> request) {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> client().initiate(request.get().build()));
    assertThat(e.field()).isEqualTo(field);
    assertThat(sent()).isEmpty();
  }

  @Test
  void expiryBoundsAreAccepted() {
    assertThat(PresignedInitiateRequest.builder(UploadRequest.builder().key("f").partCount(1)
        .build())
        .presignedUrlExpiryTimeHours(1).build().presignedUrlExpiryTimeHours()).hasValue(1);
    assertThat(PresignedInitiateRequest.builder(UploadRequest.builder().key("f").partCount(1)
        .build())
        .presignedUrlExpiryTimeHours(168).build().presignedUrlExpiryTimeHours()).hasValue(168);
  }

  @Test
  void clientSettingsAreChecked() {
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> PresignedMultipartClient.builder().projectId("p").bearerToken("t").build()).field())
        .isEqualTo("baseUrl");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> PresignedMultipartClient.builder().baseUrl("https://x").bearerToken("t").build())
        .field()).isEqualTo("projectId");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> PresignedMultipartClient.builder().baseUrl("https://x").projectId("p").build())
        .field()).isEqualTo("authorization");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client(b -> b.bearerTokenSupplier(() -> null)).initiate(
            PresignedInitiateRequest.builder(UploadRequest.builder().key("f").partCount(1).build())
                .build())).field())
        .isEqualTo("authorization");
    assertThat(sent()).isEmpty();
  }

  @Test
  void aMissingTokenIsATypedErrorNamingTheSetting() {
    for (Object[] c : new Object[][] {
        {"bearerToken", (Runnable) () -> PresignedMultipartClient.builder().bearerToken(null)},
        {"bearerToken", (Runnable) () -> PresignedMultipartClient.builder().bearerToken("a b")},
        {"bearerTokenSupplier",
            (Runnable) () -> PresignedMultipartClient.builder().bearerTokenSupplier(null)},
        {"authorization", (Runnable) () -> PresignedMultipartClient.builder().authorization(" ")},
        {"authorization",
            (Runnable) () -> PresignedMultipartClient.builder().authorization("Bearer x\r\n")},
        {"authorizationSupplier",
            (Runnable) () -> PresignedMultipartClient.builder().authorizationSupplier(null)}}) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          ((Runnable) c[1])::run);
      assertThat(e).as((String) c[0]).isNotNull();
      assertThat(e.field()).isEqualTo(c[0]);
    }
  }
}
