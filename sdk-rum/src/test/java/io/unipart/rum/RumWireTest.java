package io.unipart.rum;

import io.unipart.spi.ServiceError;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.AuthenticationException;
import io.unipart.InvalidRequestException;
import io.unipart.ServiceException;
import io.unipart.UploadConflictException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Guance's request and envelope, against a local WireMock server. */
class RumWireTest {
  static final String PATH = "/api/v1/rum_sourcemap/multipart_upload_init";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SEED_RESPONSE = "{\n    \"code\": 200,\n    \"content\": {\n"
      + "        \"declaration\": {\n            \"b\": [\n                \"asfawfgajfasfafgafwba\",\n"
      + "                \"asfgahjfaf\"\n            ],\n            \"business\": \"aaa\",\n"
      + "            \"organization\": \"6540c09e4243b300077a9675\"\n        },\n"
      + "        \"existsOldTask\": false,\n        \"existsSameFile\": false,\n"
      + "        \"uploadId\": \"65ef45944fac157005cb73de48e81f161Lfv5UOs\"\n    },\n"
      + "    \"errorCode\": \"\",\n    \"message\": \"\",\n    \"success\": true,\n"
      + "    \"traceId\": \"TRACE-6985B262-8F52-4AA0-9CE4-9277CE199DC3\"\n} ";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final List<RumSourcemapClient> clients = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(RumSourcemapClient::close);
  }

  RumSourcemapClient client(Consumer<RumSourcemapClient.Builder> custom) {
    RumSourcemapClient.Builder b = RumSourcemapClient.builder()
        .baseUrl("http://127.0.0.1:" + wm.getPort()).apiKey("df-key-123").appId("app_demo")
        .sleeper(sleeps::add).noRateLimit();
    custom.accept(b);
    RumSourcemapClient c = b.build();
    clients.add(c);
    return c;
  }

  RumSourcemapClient client() {
    return client(b -> { });
  }

  static String envelope(int code, String content, String errorCode, String message,
      boolean success) {
    return "{\"code\":" + code + ",\"content\":" + content + ",\"errorCode\":\"" + errorCode
        + "\",\"message\":\"" + message + "\",\"success\":" + success
        + ",\"traceId\":\"TRACE-1\"}";
  }

  static List<LoggedRequest> sent() {
    return wm.findAll(anyRequestedFor(anyUrl()));
  }

  @Test
  void reproducesTheSeedRequestAndMapsTheSeedResponse() throws Exception {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(SEED_RESPONSE)));

    UploadSession s = client().initiate(RumInitiateRequest.builder(UploadRequest.builder()
        .key("1.0.2").overwrite(true).build())
        .appId("app_demo").env("daily").build());

    LoggedRequest r = sent().get(0);
    assertThat(r.getMethod().getName()).isEqualTo("POST");
    assertThat(r.getUrl()).isEqualTo(PATH);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(r.getHeader("DF-API-KEY")).isEqualTo("df-key-123");
    assertThat(JSON.readTree(r.getBodyAsString())).isEqualTo(JSON.readTree(
        "{\n  \"needCover\": true,\n  \"appId\": \"app_demo\",\n \"version\": \"1.0.2\",\n"
            + " \"env\": \"daily\"\n}"));

    assertThat(s.dialect()).isEqualTo("rum");
    assertThat(s.uploadId()).isEqualTo("65ef45944fac157005cb73de48e81f161Lfv5UOs");
    assertThat(s.destination()).isEqualTo("app_demo");
    assertThat(s.key()).isEqualTo("1.0.2");
    assertThat(s.requestId()).contains("TRACE-6985B262-8F52-4AA0-9CE4-9277CE199DC3");
    assertThat(s.handles()).containsEntry("version", "1.0.2").containsEntry("env", "daily")
        .containsEntry("existsOldTask", "false").containsEntry("existsSameFile", "false");
    assertThat(s.parts()).isEmpty();
  }

  @Test
  void emptyVersionAndEnvAreSentAsEmptyStrings() throws Exception {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withBody(SEED_RESPONSE)));
    UploadSession s = client().initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v")
        .build()).version("").appId("app_demo").build());
    assertThat(JSON.readTree(sent().get(0).getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"needCover\":false,\"appId\":\"app_demo\",\"version\":\"\",\"env\":\"\"}"));
    assertThat(s.handles()).containsEntry("version", "").containsEntry("env", "");
  }

  @Test
  void theNeutralKeyIsTheVersionAndOverwriteIsNeedCover() throws Exception {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withBody(SEED_RESPONSE)));
    client().initiate(UploadRequest.builder().key("2.3.0").overwrite(true)
        .contentLength(25_000_000L).partSize(10_000_000L).build());
    assertThat(JSON.readTree(sent().get(0).getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"needCover\":true,\"appId\":\"app_demo\",\"version\":\"2.3.0\",\"env\":\"\"}"));
  }

  @Test
  void anEmptyUploadIdIsAConflictNamingAppVersionAndEnv() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withBody(envelope(200,
        "{\"existsOldTask\":false,\"existsSameFile\":true,\"uploadId\":\"\"}", "", "", true))));
    UploadConflictException e = catchThrowableOfType(UploadConflictException.class,
        () -> client().initiate(RumInitiateRequest.builder(UploadRequest.builder().key("1.0.2")
            .build()).appId("app_demo")
            .env("daily").build()));
    assertThat(e.errorMessage()).contains("app_demo").contains("\"1.0.2\"")
        .contains("\"daily\"").contains("needCover(true)");
    assertThat(e.details()).containsEntry("existsSameFile", "true")
        .containsEntry("existsOldTask", "false").containsEntry("appId", "app_demo");
    assertThat(e.requestId()).isEqualTo("TRACE-1");
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void successFalseInA200IsAServiceException() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(400,
        "null", "ft.ParamError", "appId does not exist", false))));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").build())
            .version("").appId("nope").build()));
    assertThat(e).isNotInstanceOf(AuthenticationException.class);
    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(e.errorCode()).isEqualTo("ft.ParamError");
    assertThat(e.errorMessage()).isEqualTo("appId does not exist");
    assertThat(e.requestId()).isEqualTo("TRACE-1");
    assertThat(e.details()).containsEntry("code", "400");
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void aNonEmptyErrorCodeWithSuccessTrueIsStillAnError() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(envelope(200,
        "{\"uploadId\":\"u\"}", "ft.Something", "odd", true))));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").build())
            .version("").appId("a").build()));
    assertThat(e.errorCode()).isEqualTo("ft.Something");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ft.TriggerApiAkCurrentLimiting", "ft.TriggerApiWorkspaceCurrentLimiting"})
  void throttlingAs401IsRetriedThenSucceeds(String code) {
    wm.stubFor(post(anyUrl()).inScenario("t").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(401).withBody(envelope(401, "null", code,
            "Too many requests", false)))
        .willSetStateTo("ok"));
    wm.stubFor(post(anyUrl()).inScenario("t").whenScenarioStateIs("ok")
        .willReturn(aResponse().withBody(SEED_RESPONSE)));
    UploadSession s = client().initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v")
        .build()).version("").appId("a").build());
    assertThat(s.uploadId()).isEqualTo("65ef45944fac157005cb73de48e81f161Lfv5UOs");
    assertThat(sent()).hasSize(2);
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void throttlingThatPersistsIsRetryableNotAuthentication() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(401).withBody(envelope(401,
        "null", "ft.TriggerApiAkCurrentLimiting", "Too many requests", false))));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").build())
            .version("").appId("a").build()));
    assertThat(e).isNotInstanceOf(AuthenticationException.class);
    assertThat(e.isThrottling()).isTrue();
    assertThat(e).isInstanceOf(io.unipart.ThrottlingException.class);
    // Guance's default: 30 throttled retries, each into the next one-minute window.
    assertThat(e.attempts()).isEqualTo(31);
  }

  @Test
  void anInvalidKeyIsAnAuthenticationException() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(403).withBody(envelope(403,
        "null", "ft.InvalidAPIKey", "Invalid API Key", false))));
    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> client().initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").build())
            .version("").appId("a").build()));
    assertThat(e.errorCode()).isEqualTo("ft.InvalidAPIKey");
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.getMessage()).doesNotContain("df-key-123");
  }

  @Test
  void malformedJsonIsATypedError() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"code\":20")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").build())
            .version("").appId("a").build()));
    assertThat(e.error().kind()).isIn(ServiceError.Kind.MALFORMED_RESPONSE,
        ServiceError.Kind.SERVICE);
    assertThat(e.errorMessage()).contains("not a Guance envelope");
  }

  @Test
  void missingContentIsATypedError() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
        .withBody("{\"code\":200,\"errorCode\":\"\",\"message\":\"\",\"success\":true,"
            + "\"traceId\":\"T\"}")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").build())
            .version("").appId("a").build()));
    assertThat(e.error().kind()).isEqualTo(ServiceError.Kind.MALFORMED_RESPONSE);
    assertThat(e.errorMessage()).contains("content is missing");
  }

  static List<Object[]> badRequests() {
    List<Object[]> out = new ArrayList<>();
    out.add(new Object[] {"appId", (Supplier<RumInitiateRequest.Builder>)
        () -> RumInitiateRequest.builder(UploadRequest.builder().key("v").build()).version("")
            .appId("")});
    out.add(new Object[] {"appId", (Supplier<RumInitiateRequest.Builder>)
        () -> RumInitiateRequest.builder(UploadRequest.builder().key("v").build()).version("")});
    out.add(new Object[] {"version", (Supplier<RumInitiateRequest.Builder>)
        () -> RumInitiateRequest.builder(UploadRequest.builder().key("v").build()).appId("a")
            .version(null)});
    out.add(new Object[] {"env", (Supplier<RumInitiateRequest.Builder>)
        () -> RumInitiateRequest.builder(UploadRequest.builder().key("v").build()).version("")
            .appId("a").env(null)});
    out.add(new Object[] {"partSize", (Supplier<RumInitiateRequest.Builder>)
        () -> RumInitiateRequest.builder(UploadRequest.builder().key("v").partSize(10_000_001L)
            .build()).version("").appId("a")});
    out.add(new Object[] {"version", (Supplier<RumInitiateRequest.Builder>)
        () -> RumInitiateRequest.builder(UploadRequest.builder().key("v").build()).appId("a")
            .version("1.0\n")});
    return out;
  }

  @Test
  void badInputIsRejectedBeforeAnythingIsSent() {
    for (Object[] c : badRequests()) {
      @SuppressWarnings("unchecked")
      Supplier<RumInitiateRequest.Builder> b = (Supplier<RumInitiateRequest.Builder>) c[1];
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> client().initiate(b.get().build()));
      assertThat(e.field()).isEqualTo(c[0]);
    }
    for (UploadRequest neutral : new UploadRequest[] {
        UploadRequest.builder().key("1.0").contentType("application/zip").build(),
        UploadRequest.builder().key("1.0").metadata("a", "b").build()}) {
      assertThat(catchThrowableOfType(InvalidRequestException.class,
          () -> client().initiate(neutral))).isNotNull();
    }
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client(b -> b.apiKeySupplier(() -> null))
            .initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").build())
                .version("").appId("a").build())).field())
        .isEqualTo("apiKey");
    assertThat(sent()).isEmpty();
  }

  @Test
  void theOptInRateLimitKeepsABatchUnderTwentyAMinute() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withBody(SEED_RESPONSE)));
    ManualClock time = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
    List<Instant> sendTimes = new ArrayList<>();
    RumSourcemapClient c = client(b -> b.rateLimit(20, Duration.ofMinutes(1)).clock(time)
        .sleeper(time::advance));
    for (int i = 0; i < 45; i++) {
      c.initiate(RumInitiateRequest.builder(UploadRequest.builder().key("v").build())
          .appId("app_demo").version("1." + i).build());
      sendTimes.add(time.instant());
    }
    assertThat(sent()).hasSize(45);
    for (int i = 0; i + 20 < sendTimes.size(); i++) {
      assertThat(Duration.between(sendTimes.get(i), sendTimes.get(i + 20)))
          .isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    }
    assertThat(Duration.between(sendTimes.get(0), sendTimes.get(44)))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void sitePresetsPointAtGuance() {
    assertThat(client(b -> b.site(GuanceSite.EU1)).toString())
        .contains("https://eu1-openapi.guance.one");
    assertThat(client(b -> b.site(GuanceSite.CN1)).toString())
        .contains("https://openapi.guance.com");
  }


  @Test
  void aMissingKeyOrSiteIsATypedErrorNamingTheSetting() {
    for (Object[] c : new Object[][] {
        {"apiKey", (Runnable) () -> RumSourcemapClient.builder().apiKey(null)},
        {"apiKey", (Runnable) () -> RumSourcemapClient.builder().apiKey("")},
        {"apiKeySupplier", (Runnable) () -> RumSourcemapClient.builder().apiKeySupplier(null)},
        {"site", (Runnable) () -> RumSourcemapClient.builder().site(null)}}) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          ((Runnable) c[1])::run);
      assertThat(e).as((String) c[0]).isNotNull();
      assertThat(e.field()).isEqualTo(c[0]);
    }
  }
}
