package io.unipart.cos;

import io.unipart.spi.ServiceError;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.ObjectHeaders;
import io.unipart.AuthenticationException;
import io.unipart.ServiceException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** COS's answers and the client's handling of them, against a local WireMock server. */
class CosWireTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final List<CosMultipartClient> clients = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(CosMultipartClient::close);
  }

  CosMultipartClient client(Consumer<CosMultipartClient.Builder> custom) {
    CosMultipartClient.Builder b = CosMultipartClient.builder()
        .region("ap-guangzhou").bucket("media-1250000000")
        .endpoint("http://127.0.0.1:" + wm.getPort())
        .credentials(CosCredentials.of("AKIDEXAMPLE", "cos-secret"))
        .sleeper(sleeps::add);
    custom.accept(b);
    CosMultipartClient c = b.build();
    clients.add(c);
    return c;
  }

  CosMultipartClient client() {
    return client(b -> { });
  }

  static ResponseDefinitionBuilder ok(String key) {
    return aResponse().withStatus(200).withHeader("x-cos-request-id", "REQ-OK")
        .withBody("<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket><Key>" + key
            + "</Key><UploadId>1585130821cbb7</UploadId></InitiateMultipartUploadResult>");
  }

  static String error(String code, String message) {
    return "<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n  <Code>" + code + "</Code>\n"
        + "  <Message>" + message + "</Message>\n  <Resource>media-1250000000.cos.ap-guangzhou"
        + ".myqcloud.com/k</Resource>\n  <RequestId>NTg3ZjI5MzlfOTgxZjRlXzZhYjNf</RequestId>\n"
        + "  <TraceId>OGVmYzZiMmQzYjA2OWNhODk0NTRkMTBiOWVmMDAxODc0OWRkZjk0ZDM1NmI1M2E2MTRl"
        + "</TraceId>\n</Error>";
  }

  static LoggedRequest onlyRequest() {
    List<LoggedRequest> all = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void aKeyIsEncodedInThePathAndSignedDecoded() {
    String key = "dir/会议 记录+1.txt";
    wm.stubFor(post(anyUrl()).willReturn(ok(key)));
    UploadSession s = client().initiate(UploadRequest.builder().key(key).build());
    assertThat(s.key()).isEqualTo(key);
    LoggedRequest r = onlyRequest();
    assertThat(r.getUrl())
        .isEqualTo("/dir/%E4%BC%9A%E8%AE%AE%20%E8%AE%B0%E5%BD%95%2B1.txt?uploads");
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(r.getHeader("Host")).isEqualTo("127.0.0.1:" + wm.getPort());
  }

  @Test
  void overwriteFalseBecomesForbidOverwrite() {
    wm.stubFor(post(anyUrl()).willReturn(ok("k")));
    client().initiate(UploadRequest.builder().key("k").overwrite(false).build());
    LoggedRequest r = onlyRequest();
    assertThat(r.getHeader("x-cos-forbid-overwrite")).isEqualTo("true");
    assertThat(r.getHeader("Authorization")).contains("x-cos-forbid-overwrite");
  }

  @Test
  void everyHeaderTheSeedListsIsSentAndSigned() {
    wm.stubFor(post(anyUrl()).willReturn(ok("k")));
    client().initiate(CosInitiateRequest.builder(UploadRequest.builder().key("k")
        .contentType("video/mp4").metadata("author", "ann").build())
        .objectHeaders(ObjectHeaders.builder().cacheControl("no-cache").contentDisposition("inline")
            .contentEncoding("gzip").expires(Instant.parse("2030-12-01T16:00:00Z"))
            .tag("team", "a b").tag("k&", "=v").build())
        .storageClass(CosStorageClass.MAZ_STANDARD_IA)
        .acl(CosAcl.PRIVATE).grantRead("100000000001", "100000000002")
        .grantReadAcp("100000000003").grantWriteAcp("100000000004")
        .grantFullControl("qcs::cam::uin/100000000001:uin/100000000011").build());
    LoggedRequest r = onlyRequest();
    assertThat(r.getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(r.getHeader("Content-Disposition")).isEqualTo("inline");
    assertThat(r.getHeader("Content-Encoding")).isEqualTo("gzip");
    assertThat(r.getHeader("Expires")).isEqualTo("Sun, 01 Dec 2030 16:00:00 GMT");
    assertThat(r.getHeader("x-cos-meta-author")).isEqualTo("ann");
    assertThat(r.getHeader("x-cos-storage-class")).isEqualTo("MAZ_STANDARD_IA");
    assertThat(r.getHeader("x-cos-tagging")).isEqualTo("team=a%20b&k%26=%3Dv");
    assertThat(r.getHeader("x-cos-acl")).isEqualTo("private");
    assertThat(r.getHeader("x-cos-grant-read"))
        .isEqualTo("id=\"100000000001\",id=\"100000000002\"");
    assertThat(r.getHeader("x-cos-grant-read-acp")).isEqualTo("id=\"100000000003\"");
    assertThat(r.getHeader("x-cos-grant-write-acp")).isEqualTo("id=\"100000000004\"");
    assertThat(r.getHeader("x-cos-grant-full-control"))
        .isEqualTo("id=\"qcs::cam::uin/100000000001:uin/100000000011\"");
    assertThat(r.getHeader("Authorization")).contains("q-header-list=cache-control;"
        + "content-disposition;content-encoding;content-length;content-type;expires;host;"
        + "x-cos-acl;x-cos-grant-full-control;x-cos-grant-read;x-cos-grant-read-acp;"
        + "x-cos-grant-write-acp;x-cos-meta-author;x-cos-storage-class;x-cos-tagging&");
  }

  @Test
  void aSessionTokenIsSentAndSigned() {
    wm.stubFor(post(anyUrl()).willReturn(ok("k")));
    client(b -> b.credentials(CosCredentials.of("AKIDTMP", "tmp-secret", "sts-token-1")))
        .initiate(UploadRequest.builder().key("k").build());
    LoggedRequest r = onlyRequest();
    assertThat(r.getHeader("x-cos-security-token")).isEqualTo("sts-token-1");
    assertThat(r.getHeader("Authorization")).contains("x-cos-security-token")
        .contains("q-ak=AKIDTMP&");
  }

  @Test
  void theKeyTimeStartsInThePastAndLastsTheValidity() {
    wm.stubFor(post(anyUrl()).willReturn(ok("k")));
    java.time.Clock fixed = java.time.Clock.fixed(Instant.ofEpochSecond(1_800_000_000L),
        ZoneOffset.UTC);
    client(b -> b.clock(fixed).clockSkewTolerance(Duration.ofSeconds(30))
        .signatureValidity(Duration.ofMinutes(10)))
        .initiate(UploadRequest.builder().key("k").build());
    assertThat(onlyRequest().getHeader("Authorization"))
        .contains("q-sign-time=1799999970;1800000600&q-key-time=1799999970;1800000600&");
  }

  @Test
  void anErrorDocumentCarriesEveryField() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(404)
        .withHeader("x-cos-request-id", "REQ-404")
        .withBody(error("NoSuchBucket", "The specified bucket does not exist."))));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(UploadRequest.builder().key("k").build()));
    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.errorCode()).isEqualTo("NoSuchBucket");
    assertThat(e.errorMessage()).isEqualTo("The specified bucket does not exist.");
    assertThat(e.requestId()).isEqualTo("REQ-404");
    assertThat(e.details()).containsEntry("Resource", "media-1250000000.cos.ap-guangzhou"
        + ".myqcloud.com/k").containsKey("TraceId");
    assertThat(e.attempts()).isEqualTo(1);
  }

  @Test
  void theBodyRequestIdIsUsedWhenTheHeaderIsMissing() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(400)
        .withBody(error("InvalidArgument", "bad"))));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(UploadRequest.builder().key("k").build()));
    assertThat(e.requestId()).isEqualTo("NTg3ZjI5MzlfOTgxZjRlXzZhYjNf");
  }

  @ParameterizedTest
  @ValueSource(strings = {"AccessDenied", "SignatureDoesNotMatch", "InvalidAccessKeyId",
      "ExpiredToken"})
  void authenticationCodesAreTyped(String code) {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(403).withBody(error(code, "no"))));
    AuthenticationException e = catchThrowableOfType(AuthenticationException.class,
        () -> client().initiate(UploadRequest.builder().key("k").build()));
    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(e.getMessage()).doesNotContain("cos-secret");
  }

  @Test
  void retriesA503ThenSucceeds() {
    wm.stubFor(post(anyUrl()).inScenario("r").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503).withBody(error("ServiceUnavailable", "busy")))
        .willSetStateTo("ok"));
    wm.stubFor(post(anyUrl()).inScenario("r").whenScenarioStateIs("ok").willReturn(ok("k")));
    UploadSession s = client().initiate(UploadRequest.builder().key("k").build());
    assertThat(s.uploadId()).isEqualTo("1585130821cbb7");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(2);
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void retryableCodesRunOut() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(500)
        .withBody(error("InternalError", "oops"))));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(UploadRequest.builder().key("k").build()));
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.attempts()).isEqualTo(3);
  }

  @Test
  void a2xxWithoutAnUploadIdIsAnError() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket><Key>k</Key>"
            + "</InitiateMultipartUploadResult>")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client().initiate(UploadRequest.builder().key("k").build()));
    assertThat(e.error().kind()).isEqualTo(ServiceError.Kind.MALFORMED_RESPONSE);
    assertThat(e.errorMessage()).contains("UploadId");
  }

  @Test
  void aDefaultClientAddressesTheBucketDomainOverHttps() {
    CosMultipartClient c = CosMultipartClient.builder().region("ap-beijing")
        .bucket("examplebucket-1250000000").credentials(CosCredentials.of("a", "b")).build();
    clients.add(c);
    assertThat(c.toString()).contains("https://cos.ap-beijing.myqcloud.com");
    assertThat(CosEndpoint.of("ap-beijing", "examplebucket-1250000000", (String) null)
        .objectUri("a b", "uploads").toString())
        .isEqualTo("https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/a%20b?uploads");
    assertThat(CosEndpoint.of("ap-beijing", "examplebucket-1250000000",
        "https://examplebucket-1250000000.cos.accelerate.myqcloud.com")
        .objectUri("k", null).toString())
        .isEqualTo("https://examplebucket-1250000000.cos.accelerate.myqcloud.com/k");
  }
}
