package io.unipart.cos;

import io.unipart.http.OkHttpTransport;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.ObjectHeaders;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The five examples of COS's Initiate Multipart Upload page, each reproduced through the public
 * API: the request carries the seed's method, path, query and headers (the time-dependent Date
 * and signature aside, and the local server's port added to Host), and the seed's response becomes
 * the right session.
 */
class CosSeedExamplesTest {
  static final String HOST = "examplebucket-1250000000.cos.ap-beijing.myqcloud.com";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  CosMultipartClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  CosMultipartClient client() {
    OkHttpClient loopback = new OkHttpClient.Builder()
        .dns(host -> List.of(InetAddress.getLoopbackAddress())).build();
    client = CosMultipartClient.builder()
        .region("ap-beijing").bucket("examplebucket-1250000000")
        .endpoint("http://cos.ap-beijing.myqcloud.com:" + wm.getPort())
        .credentials(CosCredentials.of("AKID8A0fBVtYFrNm02oY1g1JQQF0c3JOxxxx", "secret"))
        .transport(OkHttpTransport.create(loopback))
        .allowPlainHttp(true)
        .build();
    return client;
  }

  static Arguments example(String name, Function<CosMultipartClient, UploadSession> call,
      Map<String, String> seedHeaders, String headerList, String requestId, String uploadId,
      Map<String, String> responseHeaders) {
    return Arguments.of(name, call, seedHeaders, headerList, requestId, uploadId, responseHeaders);
  }

  static Map<String, String> headers(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Stream<Arguments> examples() {
    return Stream.of(
        example("1 simple use case",
            c -> c.initiate(UploadRequest.builder().key("exampleobject").contentType("video/mp4")
                .build()),
            headers("Content-Type", "video/mp4", "Content-Length", "0"),
            "content-length;content-type;host",
            "NWU3YjJkNDVfNDliNTJhMDlfYzZhMl8yOTVj****",
            "1585130821cbb7df1d11846c073ad648e8f33b087cec2381df437acdc833cf654b9ecc6361",
            headers()),
        example("2 metadata and ACL",
            c -> c.initiate(CosInitiateRequest.builder(UploadRequest.builder().key("exampleobject")
                .contentType("video/mp4").metadata("example-field", "example-value").build())
                .objectHeaders(ObjectHeaders.builder().cacheControl("max-age=86400")
                    .contentDisposition("attachment; filename=example.jpg").build())
                .acl(CosAcl.PUBLIC_READ).build()),
            headers("Content-Type", "video/mp4", "Cache-Control", "max-age=86400",
                "Content-Disposition", "attachment; filename=example.jpg",
                "x-cos-meta-example-field", "example-value", "x-cos-acl", "public-read",
                "Content-Length", "0"),
            "cache-control;content-disposition;content-length;content-type;host;x-cos-acl;"
                + "x-cos-meta-example-field",
            "NWVjZjc3ZDZfOThjMjJhMDlfMjg5N18zNWYy****",
            "1590654934dfb1343b4323b711afc22569c18af51596d4f2e40faf392fe1bb469c5b77115f",
            headers()),
        example("3 SSE-COS",
            c -> c.initiate(CosInitiateRequest.builder(UploadRequest.builder().key("exampleobject")
                .contentType("video/mp4").build())
                .serverSideEncryption(CosServerSideEncryption.cos())
                .build()),
            headers("Content-Type", "video/mp4", "x-cos-server-side-encryption", "AES256",
                "Content-Length", "0"),
            "content-length;content-type;host;x-cos-server-side-encryption",
            "NWVjZjc5Y2VfZjhjODBiMDlfMjIyOGFfMzYxYWVm****",
            "15906554384f160dd0a272ebb6fbcdb0ffbb61adb2b46fa6b9f2ffabcfb2940b8f72277952",
            headers("x-cos-server-side-encryption", "AES256")),
        example("4 SSE-KMS",
            c -> c.initiate(CosInitiateRequest.builder(UploadRequest.builder().key("exampleobject")
                .contentType("video/mp4").build()).serverSideEncryption(CosServerSideEncryption.kms(
                    "48ba38aa-26c5-11ea-855c-52540085****",
                    "{\"author\":\"fysntian\",\"company\":\"Tencent\"}")).build()),
            headers("Content-Type", "video/mp4", "x-cos-server-side-encryption", "cos/kms",
                "x-cos-server-side-encryption-cos-kms-key-id",
                "48ba38aa-26c5-11ea-855c-52540085****",
                "x-cos-server-side-encryption-context",
                "eyJhdXRob3IiOiJmeXNudGlhbiIsImNvbXBhbnkiOiJUZW5jZW50In0=",
                "Content-Length", "0"),
            "content-length;content-type;host;x-cos-server-side-encryption;"
                + "x-cos-server-side-encryption-context;x-cos-server-side-encryption-cos-kms-key-id",
            "NWVjZjc5ZTNfMmZiOTJhMDlfMzJlNDJfMjkzNGJi****",
            "15906554607990121702e8e4b706eb0f12b8568a3f3b0b76b884e4df676ed50291f0b17131",
            headers("x-cos-server-side-encryption", "cos/kms")),
        example("5 SSE-C",
            c -> c.initiate(CosInitiateRequest.builder(UploadRequest.builder().key("exampleobject")
                .contentType("video/mp4").build())
                .serverSideEncryption(CosServerSideEncryption.customerKey(
                    "0123456789ABCDEF0123456789ABCDEF".getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII))).build()),
            headers("Content-Type", "video/mp4",
                "x-cos-server-side-encryption-customer-algorithm", "AES256",
                "x-cos-server-side-encryption-customer-key",
                "MDEyMzQ1Njc4OUFCQ0RFRjAxMjM0NTY3ODlBQkNERUY=",
                "x-cos-server-side-encryption-customer-key-MD5", "U5L61r7jcwdNvT7frmUG8g==",
                "Content-Length", "0"),
            "content-length;content-type;host;x-cos-server-side-encryption-customer-algorithm;"
                + "x-cos-server-side-encryption-customer-key;"
                + "x-cos-server-side-encryption-customer-key-md5",
            "NWVjZjc5ZjlfOGJjOTJhMDlfNzJmYV8xOTcy****",
            "15906554815fb0c8bda2edae20d895ad7452e949bf51541b31ca14a029fb6f1617f10ca186",
            headers()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void reproducesTheSeedExample(String name, Function<CosMultipartClient, UploadSession> call,
      Map<String, String> seedHeaders, String headerList, String requestId, String uploadId,
      Map<String, String> responseHeaders) {
    var response = aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
        .withHeader("Server", "tencent-cos").withHeader("x-cos-request-id", requestId)
        .withBody("<InitiateMultipartUploadResult>\n\t\t\t<Bucket>examplebucket-1250000000"
            + "</Bucket>\n\t\t\t<Key>exampleobject</Key>\n\t\t\t<UploadId>" + uploadId
            + "</UploadId>\n</InitiateMultipartUploadResult>");
    responseHeaders.forEach(response::withHeader);
    wm.stubFor(post(anyUrl()).willReturn(response));

    UploadSession session = call.apply(client());

    List<LoggedRequest> sent = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).hasSize(1);
    LoggedRequest r = sent.get(0);
    assertThat(r.getMethod().getName()).isEqualTo("POST");
    assertThat(r.getUrl()).isEqualTo("/exampleobject?uploads");
    assertThat(r.getHeader("Host")).isEqualTo(HOST + ":" + wm.getPort());
    // The seed's examples also send and sign Date; Tencent's SDK does neither, and neither do
    // we, so that the SDK's own signer can check every request as it arrives.
    assertThat(r.containsHeader("Date")).isFalse();
    Map<String, String> sentHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpHeader h : r.getHeaders().all()) {
      sentHeaders.put(h.key(), h.firstValue());
    }
    seedHeaders.forEach((k, v) -> assertThat(sentHeaders.get(k)).as(k).isEqualTo(v));
    Map<String, String> auth = Stream.of(r.getHeader("Authorization").split("&"))
        .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
    assertThat(auth.get("q-sign-algorithm")).isEqualTo("sha1");
    assertThat(auth.get("q-ak")).isEqualTo("AKID8A0fBVtYFrNm02oY1g1JQQF0c3JOxxxx");
    assertThat(auth.get("q-header-list")).isEqualTo(headerList);
    assertThat(auth.get("q-url-param-list")).isEqualTo("uploads");
    assertThat(auth.get("q-sign-time")).isEqualTo(auth.get("q-key-time")).matches("\\d+;\\d+");
    assertThat(auth.get("q-signature")).matches("[0-9a-f]{40}");
    Stream.of(auth.get("q-header-list").split(";")).forEach(h ->
        assertThat(sentHeaders).as("signed header %s is sent", h)
            .containsKey(h.toLowerCase(Locale.ROOT)));

    assertThat(session.dialect()).isEqualTo("cos");
    assertThat(session.destination()).isEqualTo("examplebucket-1250000000");
    assertThat(session.key()).isEqualTo("exampleobject");
    assertThat(session.uploadId()).isEqualTo(uploadId);
    assertThat(session.requestId()).contains(requestId);
  }
}
