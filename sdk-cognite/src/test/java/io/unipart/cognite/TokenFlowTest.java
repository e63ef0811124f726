package io.unipart.cognite;

import io.unipart.UploadRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.AuthenticationException;
import io.unipart.UploadSession;
import io.unipart.testing.ManualClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** OAuth client credentials against a local token endpoint. */
class TokenFlowTest {
  static final String TOKEN_PATH = "/tenant/oauth2/v2.0/token";
  static final String CDF_PATH = "/api/v1/projects/publicdata/files/initmultipartupload";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
  final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  ClientCredentials oauth() {
    ClientCredentials cc = ClientCredentials.builder()
        .tokenUrl("http://127.0.0.1:" + wm.getPort() + TOKEN_PATH)
        .clientId("unipart-app").clientSecret("s3cr3t/+=")
        .scopes("https://westeurope-1.cognitedata.com/.default", "offline_access")
        .audience("cdf").clock(clock).build();
    closeables.add(cc);
    return cc;
  }

  CogniteMultipartClient cdf(TokenSource tokens) {
    CogniteMultipartClient c = CogniteMultipartClient.builder()
        .baseUrl("http://127.0.0.1:" + wm.getPort()).project("publicdata")
        .tokenSource(tokens).clock(clock).sleeper(d -> { }).build();
    closeables.add(c);
    return c;
  }

  static String token(String value, long expiresIn) {
    return "{\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + ",\"access_token\":\""
        + value + "\"}";
  }

  static void cdfAccepts(String token) {
    wm.stubFor(post(urlPathEqualTo(CDF_PATH))
        .withHeader("Authorization", equalTo("Bearer " + token))
        .willReturn(aResponse().withStatus(201).withBody(CogniteWireTest.file(1, true))));
  }

  static int tokenRequests() {
    return wm.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).size();
  }

  static CogniteInitiateRequest request() {
    return CogniteInitiateRequest.builder(UploadRequest.builder().key("pump.mp4").partCount(1)
        .build()).build();
  }

  @Test
  void fetchesATokenWithTheClientCredentialsAndCachesIt() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(200)
        .withBody(token("tok-1", 3600))));
    cdfAccepts("tok-1");
    CogniteMultipartClient c = cdf(oauth());

    c.initiate(request());
    c.initiate(request());

    assertThat(tokenRequests()).isEqualTo(1);
    LoggedRequest t = wm.findAll(postRequestedFor(urlPathEqualTo(TOKEN_PATH))).get(0);
    assertThat(t.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    Map<String, String> form = Stream.of(t.getBodyAsString().split("&"))
        .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0],
            p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    assertThat(form).containsEntry("grant_type", "client_credentials")
        .containsEntry("client_id", "unipart-app").containsEntry("client_secret", "s3cr3t/+=")
        .containsEntry("scope", "https://westeurope-1.cognitedata.com/.default offline_access")
        .containsEntry("audience", "cdf");
  }

  @Test
  void refreshesShortlyBeforeExpiry() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("t").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withBody(token("tok-1", 3600))).willSetStateTo("second"));
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("t").whenScenarioStateIs("second")
        .willReturn(aResponse().withBody(token("tok-2", 3600))));
    cdfAccepts("tok-1");
    cdfAccepts("tok-2");
    CogniteMultipartClient c = cdf(oauth());

    c.initiate(request());
    clock.advance(Duration.ofSeconds(3600 - 31));
    c.initiate(request());
    assertThat(tokenRequests()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    c.initiate(request());

    assertThat(tokenRequests()).isEqualTo(2);
    List<LoggedRequest> calls = wm.findAll(postRequestedFor(urlPathEqualTo(CDF_PATH)));
    assertThat(calls).extracting(r -> r.getHeader("Authorization"))
        .containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-2");
  }

  @Test
  void a401RenewsTheTokenOnceAndRetries() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("t").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withBody(token("revoked", 3600))).willSetStateTo("second"));
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).inScenario("t").whenScenarioStateIs("second")
        .willReturn(aResponse().withBody(token("fresh", 3600))));
    wm.stubFor(post(urlPathEqualTo(CDF_PATH)).withHeader("Authorization", equalTo("Bearer revoked"))
        .willReturn(aResponse().withStatus(401)
            .withBody("{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}")));
    cdfAccepts("fresh");

    UploadSession s = cdf(oauth()).initiate(request());

    assertThat(s.uploadId()).isEqualTo("up-123");
    assertThat(tokenRequests()).isEqualTo(2);
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(CDF_PATH))))
        .extracting(r -> r.getHeader("Authorization"))
        .containsExactly("Bearer revoked", "Bearer fresh");
  }

  @Test
  void aSecond401IsFinal() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse()
        .withBody(token("never-good", 3600))));
    wm.stubFor(post(urlPathEqualTo(CDF_PATH)).willReturn(aResponse().withStatus(401)
        .withBody("{\"error\":{\"code\":401,\"message\":\"Unauthorized\"}}")));
    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> cdf(oauth()).initiate(request()));
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(tokenRequests()).isEqualTo(2);
  }

  @Test
  void thirtyTwoThreadsAtOnceShareOneTokenRequest() throws Exception {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse()
        .withBody(token("shared", 3600)).withFixedDelay(300)));
    cdfAccepts("shared");
    CogniteMultipartClient c = cdf(oauth());
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<UploadSession>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        calls.add(pool.submit(() -> {
          start.await();
          return c.initiate(request());
        }));
      }
      start.countDown();
      for (Future<UploadSession> f : calls) {
        assertThat(f.get(30, TimeUnit.SECONDS).uploadId()).isEqualTo("up-123");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(tokenRequests()).isEqualTo(1);
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(CDF_PATH)))).hasSize(32);
  }

  @Test
  void anIdentityProviderRefusalIsAnAuthenticationErrorAndNothingReachesCognite() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid"
            + " client secret provided.\"}")));
    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> cdf(oauth()).initiate(request()));
    assertThat(e.errorCode()).isEqualTo("invalid_client");
    assertThat(e.errorMessage()).contains("Invalid client secret");
    assertThat(e.getMessage()).doesNotContain("s3cr3t");
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(CDF_PATH)))).isEmpty();
  }

  @Test
  void aTokenResponseWithoutATokenIsATypedError() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withStatus(200)
        .withBody("{\"token_type\":\"Bearer\"}")));
    io.unipart.ServiceException e = catchThrowableOfType(io.unipart.ServiceException.class,
        () -> cdf(oauth()).initiate(request()));
    assertThat(e.errorMessage()).contains("access_token");
  }

  @Test
  void aSuppliedTokenIsAskedAgainAfterA401() {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    wm.stubFor(post(urlPathEqualTo(CDF_PATH)).withHeader("Authorization", equalTo("Bearer t1"))
        .willReturn(aResponse().withStatus(401)));
    cdfAccepts("t2");
    UploadSession s = cdf(TokenSource.from(() -> "t" + asked.incrementAndGet()))
        .initiate(request());
    assertThat(s.uploadId()).isEqualTo("up-123");
    assertThat(asked).hasValue(2);
  }

  @Test
  void secretsNeverAppearInToString() {
    assertThat(oauth().toString()).contains("unipart-app").doesNotContain("s3cr3t");
  }

}
