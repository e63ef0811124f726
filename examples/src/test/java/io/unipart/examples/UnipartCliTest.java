package io.unipart.examples;

import io.unipart.examples.demo.Demo;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.UploadSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The command line, as a user runs it, against a local server. */
class UnipartCliTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static final Map<String, String> ENV =
      Map.of("AWS_ACCESS_KEY_ID", "AKIDCLI", "AWS_SECRET_ACCESS_KEY", "cli-secret");

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(Map<String, String> env, String... args) {
    return UnipartCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
  }

  String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  String[] init(String... extra) {
    String[] base = {"init", "--dialect", "s3", "--endpoint", "http://127.0.0.1:" + wm.getPort(),
        "--region", "us-east-1", "--bucket", "media", "--key", "dir/a b.txt"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void initPrintsTheSessionAsJsonAndExitsZero() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("x-amz-request-id", "REQ-CLI")
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>dir/a b.txt</Key>"
            + "<UploadId>cli-upload</UploadId></InitiateMultipartUploadResult>")));

    int code = run(ENV, init("--content-type", "text/plain", "--storage-class", "STANDARD_IA",
        "--meta", "owner=ops", "--meta", "team=media"));

    assertThat(code).isZero();
    assertThat(stderr()).isEmpty();
    UploadSession s = UploadSession.fromJson(stdout().trim());
    assertThat(s.uploadId()).isEqualTo("cli-upload");
    assertThat(s.key()).isEqualTo("dir/a b.txt");
    assertThat(s.requestId()).contains("REQ-CLI");
    List<LoggedRequest> sent = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getUrl()).isEqualTo("/media/dir/a%20b.txt?uploads");
    assertThat(sent.get(0).getHeader("Content-Type")).isEqualTo("text/plain");
    assertThat(sent.get(0).getHeader("x-amz-storage-class")).isEqualTo("STANDARD_IA");
    assertThat(sent.get(0).getHeader("x-amz-meta-owner")).isEqualTo("ops");
    assertThat(sent.get(0).getHeader("x-amz-meta-team")).isEqualTo("media");
    assertThat(sent.get(0).getHeader("Authorization")).contains("Credential=AKIDCLI/");
  }

  @Test
  void aProviderErrorIsOneLineOnStderrAndExitsOne() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(403)
        .withHeader("x-amz-request-id", "REQ-403")
        .withBody("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")));

    int code = run(ENV, init());

    assertThat(code).isEqualTo(1);
    assertThat(stdout()).isEmpty();
    assertThat(stderr().trim().lines()).containsExactly(
        "error: AuthenticationException (HTTP 403, code AccessDenied): Access Denied"
            + " [request id REQ-403]");
    assertThat(stderr()).doesNotContain("cli-secret");
  }

  @Test
  void debugAddsTheStackTrace() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(403)
        .withBody("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")));
    assertThat(run(ENV, init("--debug"))).isEqualTo(1);
    assertThat(stderr()).contains("\tat io.unipart");
  }

  @Test
  void missingCredentialsNameTheVariableAndExitTwo() {
    int code = run(Map.of(), init());
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).contains("AWS_ACCESS_KEY_ID is not set");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void badInputIsRejectedBeforeAnyCall() {
    int code = run(ENV, init("--meta", "bad name=v"));
    assertThat(code).isEqualTo(2);
    assertThat(stderr()).startsWith("error: --meta name bad name: must be an HTTP token");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void usageErrorsExitTwoWithUsage() {
    assertThat(run(ENV, "init", "--dialect", "s3")).isEqualTo(2);
    assertThat(stderr()).isEqualTo("error: --key is required\n"
        + "Try 'unipart init --help' for more information.\n");
  }

  @Test
  void unknownDialectAndCommandAreUsageErrors() {
    assertThat(run(ENV, "init", "--dialect", "ftp")).isEqualTo(2);
    assertThat(stderr()).contains("unknown dialect 'ftp'");
    assertThat(run(ENV, "frobnicate")).isEqualTo(2);
    assertThat(stderr()).contains("unknown command 'frobnicate'");
  }

  @Test
  void demoInitiatesUploadsOnTheEmbeddedServerAndShowsATable() {
    int code = run(Map.of(), "demo");

    assertThat(code).as(stderr()).isZero();
    String printed = stdout();
    assertThat(printed).containsPattern("#\\s+\\| dialect\\s+\\| destination\\s+\\| key")
        .containsPattern("\\| part URLs \\|")
        .containsPattern("\\| s3\\s+\\| fake-bucket\\s+\\| videos/intro.mp4")
        .contains("photos/東京/夜景 🌃.jpg")
        .containsPattern("\\| cos\\s+\\| fake-1250000000 \\| exampleobject")
        .contains("docs/季度报告.pdf")
        .containsPattern("\\| cognite\\s+\\| fake-project\\s+\\| pump-42-inspection.mp4")
        .contains("p&id-sheet-7.pdf")
        .containsPattern("\\| rum\\s+\\| app_demo\\s+\\| 1.0.2")
        .contains("Two refusals, shown on purpose (expected, not errors):")
        .contains("a wrong secret, refused by the S3 server: AuthenticationException")
        .contains("SignatureDoesNotMatch")
        .contains("a second sourcemap for the same RUM app, version and env, refused by the RUM"
            + " fake: UploadConflictException")
        .contains("Left to choose, a client sends 8 MiB parts")
        .containsPattern("\\| presigned \\| fakeproject\\s+\\| launch-trailer.mp4")
        .containsPattern("s3\\s+\\| generated/demo-24MiB.bin \\| 25165824 \\| 4 x 5 MiB"
            + " \\+ 4 MiB")
        .containsPattern("cos\\s+\\| generated/demo-24MiB.bin \\| 25165824 \\| 4 x 5 MiB"
            + " \\+ 4 MiB")
        .containsPattern("cognite\\s+\\| demo-24MiB.bin\\s+\\| 25165824 \\| 4 x 6 MiB")
        .containsPattern("rum\\s+\\| 1.0.3\\s+\\| 25165824 \\| 3 x 8 MiB")
        .containsPattern("presigned \\| demo-24MiB.bin\\s+\\| 25165824 \\| 4 x 5 MiB"
            + " \\+ 4 MiB")
        .contains("5 whole uploads and 11 initiated uploads through 5 dialects");
  }

  @Test
  void initCosPrintsTheSessionWithCredentialsFromTheEnvironment() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("x-cos-request-id", "NWU3YjJk")
        .withBody("<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket>"
            + "<Key>dir/a b.txt</Key><UploadId>1585130821cbb7</UploadId>"
            + "</InitiateMultipartUploadResult>")));
    Map<String, String> env = Map.of("TENCENTCLOUD_SECRET_ID", "AKIDCOS",
        "TENCENTCLOUD_SECRET_KEY", "cos-secret", "TENCENTCLOUD_SESSION_TOKEN", "sts");

    int code = run(env, "init", "--dialect", "cos", "--region", "ap-beijing", "--bucket",
        "media-1250000000", "--key", "dir/a b.txt", "--endpoint",
        "http://127.0.0.1:" + wm.getPort(), "--content-type", "text/plain", "--storage-class",
        "standard_ia", "--acl", "public-read", "--meta", "owner=ops");

    assertThat(code).as(stderr()).isZero();
    UploadSession s = UploadSession.fromJson(stdout().trim());
    assertThat(s.dialect()).isEqualTo("cos");
    assertThat(s.destination()).isEqualTo("media-1250000000");
    assertThat(s.requestId()).contains("NWU3YjJk");
    LoggedRequest r = wm.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(r.getUrl()).isEqualTo("/dir/a%20b.txt?uploads");
    assertThat(r.getHeader("x-cos-storage-class")).isEqualTo("STANDARD_IA");
    assertThat(r.getHeader("x-cos-acl")).isEqualTo("public-read");
    assertThat(r.getHeader("x-cos-meta-owner")).isEqualTo("ops");
    assertThat(r.getHeader("x-cos-security-token")).isEqualTo("sts");
    assertThat(r.getHeader("Authorization")).startsWith("q-sign-algorithm=sha1&q-ak=AKIDCOS&");
  }

  @Test
  void cosErrorsAreOneLineAndExitOne() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(403)
        .withHeader("x-cos-request-id", "REQ-COS")
        .withBody("<Error><Code>SignatureDoesNotMatch</Code><Message>bad sign</Message>"
            + "<TraceId>t</TraceId></Error>")));
    Map<String, String> env = Map.of("TENCENTCLOUD_SECRET_ID", "AKIDCOS",
        "TENCENTCLOUD_SECRET_KEY", "cos-secret");
    int code = run(env, "init", "--dialect", "cos", "--region", "ap-beijing", "--bucket",
        "media-1250000000", "--key", "k", "--endpoint", "http://127.0.0.1:" + wm.getPort());
    assertThat(code).isEqualTo(1);
    assertThat(stderr().trim()).isEqualTo("error: AuthenticationException (HTTP 403, code "
        + "SignatureDoesNotMatch): bad sign [request id REQ-COS]");
  }

  @Test
  void optionsOfOneDialectAreRefusedForAnother() {
    assertThat(run(ENV, init("--env", "daily"))).isEqualTo(2);
    assertThat(stderr()).contains("--env is not an option of --dialect s3");
    assertThat(run(ENV, init("--acl", "public"))).isEqualTo(2);
    assertThat(stderr()).contains("--acl must be one of private, public-read");
    assertThat(run(Map.of(), "init", "--dialect", "cos", "--region", "ap-beijing", "--bucket",
        "media-1250000000", "--key", "k", "--storage-class", "COLD")).isEqualTo(2);
    assertThat(stderr()).contains("--storage-class must be one of");
  }

  @Test
  void initCognitePrintsTheSessionWithItsPartUrls() throws Exception {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(201)
        .withHeader("x-request-id", "cdf-req")
        .withBody("{\"id\":7,\"uploadId\":\"up-7\",\"externalId\":\"x-7\",\"uploadUrls\":"
            + "[\"https://u.example.com/1\",\"https://u.example.com/2\"]}")));

    int code = run(Map.of("COGNITE_TOKEN", "cdf-token"), "init", "--dialect", "cognite",
        "--base-url", "http://127.0.0.1:" + wm.getPort(), "--project", "publicdata",
        "--name", "pump.mp4", "--external-id", "x-7", "--mime-type", "video/mp4",
        "--parts", "2", "--overwrite");

    assertThat(code).as(stderr()).isZero();
    UploadSession s = UploadSession.fromJson(stdout().trim());
    assertThat(s.dialect()).isEqualTo("cognite");
    assertThat(s.parts()).hasSize(2);
    assertThat(s.handles()).containsEntry("fileId", "7").containsEntry("externalId", "x-7");
    LoggedRequest r = wm.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(r.getUrl()).isEqualTo(
        "/api/v1/projects/publicdata/files/initmultipartupload?parts=2&overwrite=true");
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer cdf-token");
    assertThat(r.getHeader("x-cdp-app")).isEqualTo("unipart-cli");
  }

  @Test
  void initCogniteGetsATokenWithClientCredentials() {
    wm.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/token"))
        .willReturn(aResponse().withStatus(200)
            .withBody("{\"access_token\":\"from-idp\",\"expires_in\":3600}")));
    wm.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/api/.*"))
        .willReturn(aResponse().withStatus(201)
            .withBody("{\"id\":7,\"uploadId\":\"up-7\",\"uploadUrls\":[\"https://u/1\"]}")));
    String base = "http://127.0.0.1:" + wm.getPort();
    int code = run(Map.of("COGNITE_TOKEN_URL", base + "/token", "COGNITE_CLIENT_ID", "id",
            "COGNITE_CLIENT_SECRET", "secret", "COGNITE_SCOPES", "a/.default"),
        "init", "--dialect", "cognite", "--base-url", base, "--project", "p", "--name", "n",
        "--content-length", "1000");
    assertThat(code).as(stderr()).isZero();
    LoggedRequest cdf = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock
        .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock
            .urlPathMatching("/api/.*"))).get(0);
    assertThat(cdf.getHeader("Authorization")).isEqualTo("Bearer from-idp");
    assertThat(cdf.getUrl()).endsWith("?parts=1");
  }

  @Test
  void cogniteWithoutATokenNamesTheVariables() {
    assertThat(run(Map.of(), "init", "--dialect", "cognite", "--base-url", "http://x",
        "--project", "p", "--name", "n", "--parts", "1")).isEqualTo(2);
    assertThat(stderr()).contains("COGNITE_TOKEN");
  }

  @Test
  void initRumPrintsTheSession() throws Exception {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
        "{\"code\":200,\"content\":{\"existsOldTask\":false,\"existsSameFile\":false,"
            + "\"uploadId\":\"65ef4594\"},\"errorCode\":\"\",\"message\":\"\","
            + "\"success\":true,\"traceId\":\"TRACE-1\"}")));
    int code = run(Map.of("DF_API_KEY", "df-key"), "init", "--dialect", "rum", "--base-url",
        "http://127.0.0.1:" + wm.getPort(), "--app-id", "app_demo", "--version", "1.0.2",
        "--env", "daily", "--overwrite");
    assertThat(code).as(stderr()).isZero();
    UploadSession s = UploadSession.fromJson(stdout().trim());
    assertThat(s.dialect()).isEqualTo("rum");
    assertThat(s.uploadId()).isEqualTo("65ef4594");
    LoggedRequest r = wm.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(r.getHeader("DF-API-KEY")).isEqualTo("df-key");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.getBodyAsString()))
        .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
            "{\"needCover\":true,\"appId\":\"app_demo\",\"version\":\"1.0.2\","
                + "\"env\":\"daily\"}"));
  }

  @Test
  void aRumConflictIsAFailureWithAClearLine() {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
        "{\"code\":200,\"content\":{\"existsOldTask\":false,\"existsSameFile\":true,"
            + "\"uploadId\":\"\"},\"errorCode\":\"\",\"message\":\"\",\"success\":true,"
            + "\"traceId\":\"TRACE-9\"}")));
    int code = run(Map.of("DF_API_KEY", "df-key"), "init", "--dialect", "rum", "--base-url",
        "http://127.0.0.1:" + wm.getPort(), "--app-id", "app_demo", "--version", "1.0.2");
    assertThat(code).isEqualTo(1);
    assertThat(stderr().trim()).startsWith("error: UploadConflictException (HTTP 200): app "
        + "app_demo already has a sourcemap for version \"1.0.2\" and env \"\"")
        .endsWith("[request id TRACE-9]").contains("--overwrite")
        .doesNotContain("overwrite(true)").doesNotContain("needCover(true)");
  }

  @Test
  void initPresignedPrintsTheSessionWithItsParts() throws Exception {
    wm.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
        "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"uploadId\":\"u-1\","
            + "\"requestKey\":\"rk-1\",\"presignedUrl\":[{\"partNumber\":1,\"presignedUrl\":"
            + "\"https://s3.example.com/p1\"},{\"partNumber\":2,\"presignedUrl\":"
            + "\"https://s3.example.com/p2\"}]},\"resultInfo\":null,\"statusCode\":200}")));
    int code = run(Map.of("PRESIGNED_API_TOKEN", "vp-token"), "init", "--dialect", "presigned",
        "--base-url", "http://127.0.0.1:" + wm.getPort(), "--project-id", "fakeproject",
        "--file-name", "intro.mp4", "--content-length", "20000000", "--part-size", "10000000",
        "--mime-type", "video/mp4");
    assertThat(code).as(stderr()).isZero();
    UploadSession s = UploadSession.fromJson(stdout().trim());
    assertThat(s.dialect()).isEqualTo("presigned");
    assertThat(s.handles()).containsEntry("requestKey", "rk-1");
    assertThat(s.parts()).hasSize(2);
    LoggedRequest r = wm.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(r.getHeader("Authorization")).isEqualTo("Bearer vp-token");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.getBodyAsString()))
        .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
            "{\"partsNumber\":2,\"fileName\":\"intro.mp4\",\"contentLength\":\"20000000\","
                + "\"mimeType\":\"video/mp4\"}"));
  }

  @Test
  void presignedBadLengthIsAUsageError() {
    assertThat(run(Map.of("PRESIGNED_API_TOKEN", "t"), "init", "--dialect", "presigned",
        "--base-url", "http://127.0.0.1:" + wm.getPort(), "--project-id", "p", "--file-name", "f",
        "--content-length", "12ab", "--part-size", "5")).isEqualTo(2);
    assertThat(stderr()).contains("--content-length")
        .contains("'12ab' is not a size");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
