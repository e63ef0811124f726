package io.unipart.s3;

import io.unipart.UploadRequest;
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
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.PartContent;
import io.unipart.RetryPolicy;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Every S3 lifecycle call, on each transport, as the local server received it, header for
 * header, signed again by AWS's own signer (AWS SDK for Java v2, test scope) the way S3 verifies
 * it: every name in {@code SignedHeaders} must have arrived, and the SDK, given the received
 * method, path, query, those headers, the received date and (for a signed payload) the received
 * body, must produce the received {@code Authorization}. Parts go out with each payload choice
 * that is signed in one piece ({@code Content-MD5} with {@code UNSIGNED-PAYLOAD}, and the body's
 * SHA-256); aws-chunked parts, signed chunk by chunk, are checked by the real S3 server
 * (S3ProxyUploadTest). A presigned part URL is checked as the server received its PUT.
 */
class S3AsReceivedOracleTest {
  static final String AK = "AKIAIOSFODNN7EXAMPLE";
  static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  static final String KEY = "dir/my key+(x)~ü.bin";
  static final Set<String> SET_BY_SIGNER =
      Set.of("host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token");

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of("okhttp", (Supplier<HttpTransport>) OkHttpTransport::create),
        Arguments.of("jdk", (Supplier<HttpTransport>) JdkHttpTransport::create));
  }

  S3MultipartClient client(HttpTransport transport, String token, PayloadSigning signing) {
    return S3MultipartClient.builder()
        .endpoint("http://127.0.0.1:" + wm.getPort()).region("eu-central-1")
        .bucket("media").pathStyle(true).allowPlainHttp(true)
        .credentials(AwsCredentials.of(AK, SK, token))
        .payloadSigning(signing)
        .transport(transport)
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).baseDelay(Duration.ofMillis(1)).build())
        .sleeper(d -> {})
        .build();
  }

  static UploadSession session() {
    return UploadSession.builder().dialect("s3").uploadId("upload-1").destination("media")
        .key(KEY).initiatedAt(Instant.EPOCH).build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void everyLifecycleCallIsSignedAsAwssSignerSignsWhatArrived(String name,
      Supplier<HttpTransport> transports) throws Exception {
    wm.resetAll();
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(xml(
        "<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>" + KEY + "</Key>"
            + "<UploadId>upload-1</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"5d41402abc4b2a76b9719d911017c592\"")));
    wm.stubFor(get(anyUrl()).willReturn(xml("<ListPartsResult><Part><PartNumber>1</PartNumber>"
        + "<ETag>\"5d41402abc4b2a76b9719d911017c592\"</ETag><Size>5</Size></Part>"
        + "<IsTruncated>false</IsTruncated></ListPartsResult>")));
    wm.stubFor(delete(anyUrl()).willReturn(aResponse().withStatus(204)));
    wm.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"0123456789abcdef0123456789abcdef-1\"")
        .withHeader("Content-Length", "5")));

    for (String token : new String[] {null, "FQoGZXIvYXdz//token+="}) {
      for (PayloadSigning signing : new PayloadSigning[] {PayloadSigning.UNSIGNED,
          PayloadSigning.SHA256}) {
        wm.resetScenarios();
        // Complete: a 500, then NoSuchUpload on the retry, so the client looks the object up.
        wm.stubFor(post(urlMatching(".*\\?uploadId=upload-1")).inScenario("complete")
            .whenScenarioStateIs(STARTED).willSetStateTo("retried")
            .willReturn(aResponse().withStatus(500)));
        wm.stubFor(post(urlMatching(".*\\?uploadId=upload-1")).inScenario("complete")
            .whenScenarioStateIs("retried").willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/xml")
                .withBody("<Error><Code>NoSuchUpload</Code><Message>gone</Message></Error>")));
        try (HttpTransport transport = transports.get();
            S3MultipartClient s3 = client(transport, token, signing)) {
          s3.initiate(S3InitiateRequest.builder(UploadRequest.builder().key(KEY)
              .contentType("text/plain").metadata("owner", "  unipart   team ").build())
              .storageClass("STANDARD").build());
          UploadedPart part = s3.uploadPart(session(), 1,
              PartContent.ofBytes("hello".getBytes(StandardCharsets.UTF_8)));
          s3.listParts(session());
          s3.abort(session());
          s3.complete(session(), List.of(part));
          URI presigned = s3.presignPart(session(), 2, Duration.ofMinutes(10));
          java.net.http.HttpClient.newHttpClient().send(
              java.net.http.HttpRequest.newBuilder(presigned)
                  .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("part two")).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
        }
      }
    }

    List<LoggedRequest> received = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(received.stream().map(r -> r.getMethod().getName()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("POST", "PUT", "GET", "DELETE", "HEAD");
    int presigned = 0;
    for (LoggedRequest r : received) {
      if (r.getUrl().contains("X-Amz-Signature=")) {
        assertPresignedAsReceived(r);
        presigned++;
      } else {
        assertSignedAsReceived(r);
      }
    }
    assertThat(presigned).isEqualTo(4);
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
        .withBody(body);
  }

  static Map<String, List<String>> query(URI uri) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        params.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            k -> new ArrayList<>()).add(kv.length > 1
                ? URLDecoder.decode(kv[1].replace("+", "%2B"), StandardCharsets.UTF_8) : null);
      }
    }
    return params;
  }

  static SdkHttpRequest.Builder received(LoggedRequest r, URI uri,
      Map<String, List<String>> params) {
    SdkHttpRequest.Builder b = SdkHttpRequest.builder()
        .method(SdkHttpMethod.valueOf(r.getMethod().getName()))
        .protocol(uri.getScheme()).host(uri.getHost()).port(uri.getPort())
        .encodedPath(uri.getRawPath());
    params.forEach((k, v) -> b.putRawQueryParameter(k, v));
    return b;
  }

  /** What S3 does with a header-signed request: find every signed header, recompute, compare. */
  static void assertSignedAsReceived(LoggedRequest r) {
    String what = r.getMethod().getName() + " " + r.getUrl();
    String authorization = r.getHeader("Authorization");
    assertThat(authorization).as(what).startsWith("AWS4-HMAC-SHA256 ");
    String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
    Map<String, String> arrived = new LinkedHashMap<>();
    for (HttpHeader h : r.getHeaders().all()) {
      arrived.put(h.key().toLowerCase(Locale.ROOT), h.firstValue());
    }
    URI uri = URI.create(r.getAbsoluteUrl());
    SdkHttpRequest.Builder theirs = received(r, uri, query(uri));
    for (String name : signedHeaders.split(";")) {
      assertThat(arrived).as("%s: signed header %s must arrive", what, name).containsKey(name);
      if (!SET_BY_SIGNER.contains(name)) {
        theirs.putHeader(name, arrived.get(name));
      }
    }
    String token = arrived.get("x-amz-security-token");
    Instant when = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
        .parse(arrived.get("x-amz-date"), Instant::from);
    boolean unsigned = "UNSIGNED-PAYLOAD".equals(arrived.get("x-amz-content-sha256"));
    byte[] body = r.getBody() == null ? new byte[0] : r.getBody();
    SignedRequest reference = AwsV4HttpSigner.create().sign(s -> {
      s.identity(identity(token)).request(theirs.build())
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
          .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-central-1")
          .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
          .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, !unsigned)
          .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(when, ZoneOffset.UTC));
      if (!unsigned && body.length > 0) {
        s.payload(ContentStreamProvider.fromByteArray(body));
      }
    });
    assertThat(arrived.get("x-amz-content-sha256")).as(what + ": payload hash")
        .isEqualTo(reference.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow());
    assertThat(authorization).as(what + " as received")
        .isEqualTo(reference.request().firstMatchingHeader("Authorization").orElseThrow());
  }

  /** A presigned PUT as the server received it: the SDK presigns the same and must agree. */
  static void assertPresignedAsReceived(LoggedRequest r) {
    URI uri = URI.create(r.getAbsoluteUrl());
    Map<String, List<String>> params = query(uri);
    Map<String, List<String>> unsignedParams = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      if (!k.startsWith("X-Amz-")) {
        unsignedParams.put(k, v);
      }
    });
    Instant when = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
        .parse(params.get("X-Amz-Date").get(0), Instant::from);
    List<String> token = params.get("X-Amz-Security-Token");
    SignedRequest reference = AwsV4HttpSigner.create().sign(s -> s
        .identity(identity(token == null ? null : token.get(0)))
        .request(received(r, uri, unsignedParams).build())
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-central-1")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
        .putProperty(AwsV4HttpSigner.AUTH_LOCATION,
            AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION,
            Duration.ofSeconds(Long.parseLong(params.get("X-Amz-Expires").get(0))))
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(when, ZoneOffset.UTC)));
    assertThat(params.get("X-Amz-Signature"))
        .as("presigned PUT %s as received", r.getUrl())
        .isEqualTo(reference.request().rawQueryParameters().get("X-Amz-Signature"));
  }

  static AwsCredentialsIdentity identity(String token) {
    return token == null ? AwsCredentialsIdentity.create(AK, SK)
        : AwsSessionCredentialsIdentity.create(AK, SK, token);
  }
}
