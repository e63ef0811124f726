package io.unipart.cos;

import io.unipart.http.HttpTransport;
import io.unipart.http.JdkHttpTransport;
import io.unipart.http.OkHttpTransport;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import io.unipart.PartContent;
import io.unipart.RetryPolicy;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every COS lifecycle call, on each transport, as the local server received it, header for
 * header, checked the way COS checks it: every name in {@code q-header-list} must have arrived,
 * and Tencent's own signer ({@code COSSigner}, test scope), given the received method, decoded
 * path, query and every received header, must produce the received {@code Authorization}. The
 * signer under test is never consulted for the expected value, so a header signed but not sent
 * (or sent and signed differently) fails here.
 */
class CosAsReceivedOracleTest {
  static final String SECRET_ID = "AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q";
  static final String SECRET_KEY = "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz";
  static final String UPLOAD_ID = "1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc";
  static final String KEY = "dir/my key+(腾讯云)~.bin";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of("okhttp", (Supplier<HttpTransport>) OkHttpTransport::create),
        Arguments.of("jdk", (Supplier<HttpTransport>) JdkHttpTransport::create));
  }

  CosMultipartClient client(HttpTransport transport, String token) {
    return CosMultipartClient.builder()
        .region("ap-guangzhou").bucket("media-1250000000")
        .endpoint("http://127.0.0.1:" + wm.getPort()).allowPlainHttp(true)
        .credentials(CosCredentials.of(SECRET_ID, SECRET_KEY, token))
        .transport(transport)
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).baseDelay(Duration.ofMillis(1))
            .build())
        .sleeper(d -> {})
        .build();
  }

  static UploadSession session() {
    return UploadSession.builder().dialect("cos").uploadId(UPLOAD_ID)
        .destination("media-1250000000").key(KEY).initiatedAt(java.time.Instant.EPOCH).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void everyLifecycleCallIsSignedAsTencentsSignerSignsWhatArrived(String name,
      Supplier<HttpTransport> transports) throws Exception {
    wm.resetAll();
    wm.stubFor(post(urlPathEqualTo("/dir/my%20key%2B%28%E8%85%BE%E8%AE%AF%E4%BA%91%29~.bin"))
        .withQueryParam("uploads", com.github.tomakehurst.wiremock.client.WireMock.equalTo(""))
        .willReturn(xml("<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket><Key>"
            + KEY + "</Key><UploadId>" + UPLOAD_ID + "</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"5d41402abc4b2a76b9719d911017c592\"")));
    wm.stubFor(get(anyUrl()).willReturn(xml("<ListPartsResult><Part><PartNumber>1</PartNumber>"
        + "<ETag>\"5d41402abc4b2a76b9719d911017c592\"</ETag><Size>5</Size></Part>"
        + "<IsTruncated>false</IsTruncated></ListPartsResult>")));
    wm.stubFor(delete(anyUrl()).willReturn(aResponse().withStatus(204)));
    // Complete: a 500, then NoSuchUpload on the retry, so the client looks the object up (HEAD).
    wm.stubFor(post(urlEqualTo(path() + "?uploadId=" + UPLOAD_ID)).inScenario("complete")
        .whenScenarioStateIs(STARTED).willSetStateTo("retried")
        .willReturn(aResponse().withStatus(500)));
    wm.stubFor(post(urlEqualTo(path() + "?uploadId=" + UPLOAD_ID)).inScenario("complete")
        .whenScenarioStateIs("retried").willReturn(aResponse().withStatus(404)
            .withHeader("Content-Type", "application/xml")
            .withBody("<Error><Code>NoSuchUpload</Code><Message>gone</Message></Error>")));
    wm.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"0123456789abcdef0123456789abcdef-1\"")
        .withHeader("Content-Length", "5")));

    for (String token : new String[] {null, "temporary-token"}) {
      wm.resetScenarios();
      try (HttpTransport transport = transports.get();
          CosMultipartClient cos = client(transport, token)) {
        cos.initiate(CosInitiateRequest.builder(UploadRequest.builder().key(KEY)
            .contentType("text/plain").metadata("owner", "unipart team").build()).build());
        UploadedPart part = cos.uploadPart(session(), 1, PartContent.ofBytes(
            "hello".getBytes(StandardCharsets.UTF_8)));
        cos.listParts(session());
        cos.abort(session());
        cos.complete(session(), List.of(part));
      }
    }

    List<LoggedRequest> received = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(received.stream().map(r -> r.getMethod().getName()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("POST", "PUT", "GET", "DELETE", "HEAD");
    for (LoggedRequest r : received) {
      assertSignedAsReceived(r);
    }
    // COS's common-headers page: no Content-Length on GET, HEAD, DELETE. OkHttp sends none there;
    // the JDK 17 client always sends one (JDK-8283544), which is then signed as sent, above.
    for (LoggedRequest r : name.equals("okhttp") ? received : List.<LoggedRequest>of()) {
      String method = r.getMethod().getName();
      if (method.equals("GET") || method.equals("HEAD") || method.equals("DELETE")) {
        assertThat(r.containsHeader("Content-Length")).as(method + " sends no Content-Length")
            .isFalse();
      }
    }
  }

  static String path() {
    return "/dir/my%20key%2B%28%E8%85%BE%E8%AE%AF%E4%BA%91%29~.bin";
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
        .withBody(body);
  }

  /** What COS does with a request: find every listed header, recompute, compare. */
  static void assertSignedAsReceived(LoggedRequest r) {
    String method = r.getMethod().getName();
    String authorization = r.getHeader("Authorization");
    assertThat(authorization).as(method + " " + r.getUrl()).isNotNull();
    Map<String, String> auth = Stream.of(authorization.split("&"))
        .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpHeader h : r.getHeaders().all()) {
      if (!h.key().equalsIgnoreCase("Authorization")) {
        headers.put(h.key(), h.firstValue());
      }
    }
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    for (String signed : auth.get("q-header-list").split(";")) {
      assertThat(lower).as("%s %s: signed header %s must arrive", method, r.getUrl(), signed)
          .containsKey(signed);
    }
    URI uri = URI.create(r.getAbsoluteUrl());
    Map<String, String> params = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    String decodedPath = URLDecoder.decode(uri.getRawPath().replace("+", "%2B"),
        StandardCharsets.UTF_8);
    String[] time = auth.get("q-sign-time").split(";");
    String tencent = new COSSigner().buildAuthorizationStr(HttpMethodName.valueOf(method),
        decodedPath, headers, params, new BasicCOSCredentials(SECRET_ID, SECRET_KEY),
        new Date(Long.parseLong(time[0]) * 1000), new Date(Long.parseLong(time[1]) * 1000),
        true);
    assertThat(authorization).as("%s %s as received", method, r.getUrl()).isEqualTo(tencent);
  }

  /**
   * A presigned part URL, PUT by a client without credentials, as the server received it: the
   * headers and parameters its {@code q-header-list} and {@code q-url-param-list} name are
   * signed again by Tencent's signer, which must give the URL's {@code q-signature}.
   */
  @ParameterizedTest(name = "token {0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"", "temporary-token"})
  void aPresignedPartUrlIsSignedAsTencentsSignerSignsWhatArrived(String token) throws Exception {
    wm.resetAll();
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    java.net.URI url;
    try (HttpTransport transport = OkHttpTransport.create();
        CosMultipartClient cos = client(transport, token.isEmpty() ? null : token)) {
      url = cos.presignPart(session(), 7, Duration.ofMinutes(30));
    }
    assertThat(url.getRawQuery()).startsWith("partNumber=7&uploadId=" + UPLOAD_ID
        + "&q-sign-algorithm=sha1&q-ak=" + SECRET_ID + "&q-sign-time=");
    assertThat(url.toString()).doesNotContain(SECRET_KEY);
    java.net.http.HttpResponse<Void> answer = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(url)
            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("part seven")).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    assertThat(answer.statusCode()).isEqualTo(200);

    LoggedRequest r = wm.findAll(anyRequestedFor(anyUrl())).get(0);
    URI received = URI.create(r.getAbsoluteUrl());
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : received.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    assertThat(query.get("q-header-list")).isEqualTo("host");
    assertThat(query.get("q-url-param-list")).isEqualTo("partnumber;uploadid");
    assertThat(query.get("x-cos-security-token")).isEqualTo(token.isEmpty() ? null : token);
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpHeader h : r.getHeaders().all()) {
      if (h.key().equalsIgnoreCase("host")) {
        headers.put(h.key(), h.firstValue());
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    query.forEach((k, v) -> {
      if (List.of(query.get("q-url-param-list").split(";")).contains(k.toLowerCase(Locale.ROOT))) {
        params.put(k, v);
      }
    });
    String[] time = query.get("q-sign-time").split(";");
    String tencent = new COSSigner().buildAuthorizationStr(HttpMethodName.PUT,
        URLDecoder.decode(received.getRawPath().replace("+", "%2B"), StandardCharsets.UTF_8),
        headers, params, new BasicCOSCredentials(SECRET_ID, SECRET_KEY),
        new Date(Long.parseLong(time[0]) * 1000), new Date(Long.parseLong(time[1]) * 1000), true);
    assertThat(tencent).endsWith("&q-signature=" + query.get("q-signature"));
    assertThat(Long.parseLong(time[1]) - Long.parseLong(time[0])).isEqualTo(60 + 1800);
  }
}
