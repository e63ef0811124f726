package io.unipart.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.UploadSession;
import io.unipart.examples.demo.Demo;
import io.unipart.testing.PrivateCa;
import io.unipart.testkit.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --ca-bundle FILE} and {@code AWS_CA_BUNDLE}: a store over https whose certificate comes
 * from its own CA (made for the run) is refused without them and reached with either, the flag
 * winning; a bad file is a usage error naming the flag, before anything is sent; the bundle's
 * path is kept beside a checkpoint so {@code abort} and {@code resume} need only the checkpoint.
 */
class CaBundleCliTest {
  static final Map<String, String> CREDENTIALS =
      Map.of("AWS_ACCESS_KEY_ID", "AKIDCA", "AWS_SECRET_ACCESS_KEY", "ca-secret");

  @TempDir static Path shared;
  static PrivateCa ca;
  /** https only, with a certificate for 127.0.0.1 signed by {@link #ca}. */
  static WireMockServer store;

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws IOException {
    ca = PrivateCa.create(shared);
    Path keys = ca.serverKeyStore("store", "ip:127.0.0.1", "dns:localhost");
    store = new WireMockServer(wireMockConfig().httpDisabled(true).dynamicHttpsPort()
        .keystorePath(keys.toString()).keystoreType("PKCS12")
        .keystorePassword(PrivateCa.PASSWORD).keyManagerPassword(PrivateCa.PASSWORD));
    store.start();
  }

  @AfterAll
  static void stop() {
    store.stop();
  }

  @BeforeEach
  void initiateAnswers() {
    store.resetAll();
    store.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<UploadId>up-ca</UploadId></InitiateMultipartUploadResult>")));
  }

  int run(Map<String, String> env, String... args) {
    out.reset();
    err.reset();
    return UnipartCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
  }

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(CREDENTIALS);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  static String[] args(String command, String... extra) {
    List<String> all = new ArrayList<>(List.of(command, "--dialect", "s3", "--endpoint",
        "https://127.0.0.1:" + store.httpsPort(), "--region", "us-east-1", "--bucket", "media"));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  List<LoggedRequest> sent() {
    return store.findAll(anyRequestedFor(anyUrl()));
  }

  @Test
  void withoutTheBundleTheStoreIsRefusedInTheHandshakeAndNothingIsSent() {
    int code = run(env(), args("init", "--key", "k.bin"));

    assertThat(code).isEqualTo(UnipartCli.FAILED);
    assertThat(stderr().lines()).hasSize(1).first().asString()
        .startsWith("error: TransportException after 1 attempt(s):")
        .contains("SSLHandshakeException")
        .endsWith("; if the server has its own CA, give it with --ca-bundle");
    assertThat(sent()).isEmpty();
  }

  @Test
  void theFlagLetsInitReachTheStore() {
    int code = run(env(), args("init", "--key", "k.bin", "--ca-bundle",
        ca.certificatePem().toString()));

    assertThat(code).as(stderr()).isZero();
    assertThat(UploadSession.fromJson(out.toString(StandardCharsets.UTF_8).trim()).uploadId())
        .isEqualTo("up-ca");
    assertThat(sent()).hasSize(1);
  }

  @Test
  void awsCaBundleDoesTheSameForS3() {
    int code = run(env("AWS_CA_BUNDLE", ca.certificatePem().toString()),
        args("init", "--key", "k.bin"));

    assertThat(code).as(stderr()).isZero();
    assertThat(sent()).hasSize(1);
  }

  @Test
  void theFlagWinsOverAwsCaBundle() {
    Path missing = dir.resolve("missing.pem");
    assertThat(run(env("AWS_CA_BUNDLE", missing.toString()), args("init", "--key", "k.bin",
        "--ca-bundle", ca.certificatePem().toString()))).as(stderr()).isZero();

    assertThat(run(env("AWS_CA_BUNDLE", ca.certificatePem().toString()), args("init", "--key",
        "k.bin", "--ca-bundle", missing.toString()))).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).startsWith("error: --ca-bundle: ").contains(missing.toString());
    assertThat(sent()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"flag", "AWS_CA_BUNDLE"})
  void aBadBundleIsAUsageErrorNamingTheFlagBeforeAnythingIsSent(String given) throws IOException {
    Path notPem = Files.writeString(dir.resolve("not.pem"), "not a certificate\n");
    int code = given.equals("flag")
        ? run(env(), args("init", "--key", "k.bin", "--ca-bundle", notPem.toString()))
        : run(env("AWS_CA_BUNDLE", notPem.toString()), args("init", "--key", "k.bin"));

    assertThat(code).isEqualTo(UnipartCli.USAGE);
    List<String> lines = stderr().lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).startsWith(given.equals("flag") ? "error: --ca-bundle: must hold"
        : "error: --ca-bundle (from AWS_CA_BUNDLE): must hold").contains(notPem.toString())
        .doesNotContain("trustedCertificates");
    assertThat(lines.get(1)).startsWith("Try 'unipart init --help'");
    assertThat(sent()).isEmpty();
  }

  /** Every dialect takes the flag (a missing file proves it reached the dialect's builder). */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"s3", "cos", "cognite", "rum", "presigned"})
  void everyDialectTakesTheFlag(String dialect) {
    Path missing = dir.resolve("missing.pem");
    String url = "https://127.0.0.1:" + store.httpsPort();
    List<String> args = new ArrayList<>(List.of("init", "--dialect", dialect, "--key", "k.bin",
        "--ca-bundle", missing.toString()));
    args.addAll(switch (dialect) {
      case "s3" -> List.of("--endpoint", url, "--region", "us-east-1", "--bucket", "media");
      case "cos" -> List.of("--endpoint", url, "--region", "ap-beijing", "--bucket",
          "media-1250000000");
      case "cognite" -> List.of("--base-url", url, "--project", "p", "--parts", "1");
      case "rum" -> List.of("--base-url", url, "--app-id", "app");
      default -> List.of("--base-url", url, "--project-id", "p", "--parts", "1");
    });
    int code = run(env("TENCENTCLOUD_SECRET_ID", "id", "TENCENTCLOUD_SECRET_KEY", "key",
        "COGNITE_TOKEN", "t", "DF_API_KEY", "k", "PRESIGNED_API_TOKEN", "t"),
        args.toArray(String[]::new));

    assertThat(code).as(stderr()).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).startsWith("error: --ca-bundle: must be a PEM file of CA certificates ("
        + missing + ": no such file)");
    assertThat(sent()).isEmpty();
  }

  @Test
  void awsCaBundleIsLeftToS3() {
    Path missing = dir.resolve("missing.pem");
    int code = run(env("AWS_CA_BUNDLE", missing.toString(), "TENCENTCLOUD_SECRET_ID", "id",
        "TENCENTCLOUD_SECRET_KEY", "key"), "init", "--dialect", "cos", "--endpoint",
        "https://127.0.0.1:" + store.httpsPort(), "--region", "ap-beijing", "--bucket",
        "media-1250000000", "--key", "k.bin");

    // not a usage error about the variable: cos never read it, and the JVM's trust refused the CA
    assertThat(code).isEqualTo(UnipartCli.FAILED);
    assertThat(stderr()).startsWith("error: TransportException").contains("SSLHandshakeException")
        .doesNotContain("AWS_CA_BUNDLE").doesNotContain(missing.toString());
  }

  @Test
  void aKeyWithDotSegmentsIsRefusedWithTheBundle() {
    int code = run(env(), args("init", "--key", "logs/./a", "--ca-bundle",
        ca.certificatePem().toString()));

    assertThat(code).isEqualTo(UnipartCli.USAGE);
    assertThat(stderr()).startsWith("error: --ca-bundle cannot reach keys with '.' or '..'");
    assertThat(sent()).isEmpty();
  }

  /** cleanup aborts what it can reach and reports the key the bundle cannot, not the whole run. */
  @Test
  void cleanupReportsADotSegmentKeyAndAbortsTheOthers() {
    store.stubFor(get(urlMatching("/media\\?uploads.*")).willReturn(aResponse().withStatus(200)
        .withBody("<ListMultipartUploadsResult><Bucket>media</Bucket>"
            + "<IsTruncated>false</IsTruncated>"
            + "<Upload><Key>old/a.bin</Key><UploadId>u-1</UploadId>"
            + "<Initiated>2020-01-01T00:00:00.000Z</Initiated></Upload>"
            + "<Upload><Key>old/./b.bin</Key><UploadId>u-2</UploadId>"
            + "<Initiated>2020-01-01T00:00:00.000Z</Initiated></Upload>"
            + "</ListMultipartUploadsResult>")));
    store.stubFor(delete(urlMatching(".*\\?uploadId=u-1")).willReturn(aResponse()
        .withStatus(204)));

    int code = run(env(), args("cleanup", "--older-than", "1d", "--yes", "--ca-bundle",
        ca.certificatePem().toString()));

    assertThat(code).isEqualTo(UnipartCli.FAILED);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("aborted u-1 old/a.bin")
        .contains("1 upload aborted, 1 failed");
    assertThat(stderr()).contains("could not abort u-2 old/./b.bin: --ca-bundle cannot reach");
    assertThat(sent()).extracting(r -> r.getMethod().getName()).containsExactly("GET", "DELETE");
  }

  @Test
  void theBundleIsKeptBesideTheCheckpointSoAbortNeedsOnlyTheCheckpoint() throws IOException {
    store.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(403).withBody(
        "<Error><Code>AccessDenied</Code><Message>no parts today</Message></Error>")));
    store.stubFor(delete(urlMatching(".*\\?uploadId=up-ca")).willReturn(aResponse()
        .withStatus(204)));
    Path file = Files.write(dir.resolve("k.bin"), new byte[1024]);
    Path checkpoint = dir.resolve("k.checkpoint");

    int failed = run(env("AWS_CA_BUNDLE", ca.certificatePem().toString()), args("upload",
        file.toString(), "--key", "k.bin", "--checkpoint", checkpoint.toString()));

    assertThat(failed).as(stderr()).isEqualTo(UnipartCli.FAILED);
    assertThat(checkpoint).exists();
    Path saved = SavedConnection.fileFor(checkpoint);
    assertThat(Files.readString(saved))
        .contains("\"caBundle\" : \"" + ca.certificatePem().toAbsolutePath() + "\"")
        .doesNotContain("BEGIN CERTIFICATE");

    int aborted = run(CREDENTIALS, "abort", "--checkpoint", checkpoint.toString());

    assertThat(aborted).as(stderr()).isZero();
    assertThat(sent()).extracting(r -> r.getMethod().getName()).endsWith("DELETE");
    assertThat(checkpoint).doesNotExist();
    assertThat(saved).doesNotExist();
  }

  /** The whole way: {@code upload} to a real S3 server over https, trusted through the variable. */
  @Test
  void aWholeUploadLandsOnARealS3ServerOverHttps() throws Exception {
    try (S3ProxyServer tls = S3ProxyServer.startTls(Demo.s3proxyJar(), "ak-ca", "sk-ca",
        "tls-bucket")) {
      X509Certificate own = tls.trustManager().getAcceptedIssuers()[0];
      Path pem = Files.writeString(dir.resolve("s3proxy.pem"), "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(own.getEncoded())
          + "\n-----END CERTIFICATE-----\n");
      byte[] bytes = new byte[6 << 20];
      new Random(3).nextBytes(bytes);
      Path file = Files.write(dir.resolve("tls.bin"), bytes);

      int code = run(Map.of("AWS_ACCESS_KEY_ID", "ak-ca", "AWS_SECRET_ACCESS_KEY", "sk-ca",
          "AWS_CA_BUNDLE", pem.toString()), "upload", file.toString(), "--dialect", "s3",
          "--endpoint", tls.endpoint().toString(), "--region", "us-east-1", "--bucket",
          "tls-bucket", "--key", "tls.bin", "--part-size", "5MiB");

      assertThat(code).as(stderr()).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"parts\":2");
      assertThat(Files.readAllBytes(tls.objectFile("tls-bucket", "tls.bin"))).isEqualTo(bytes);
    }
  }
}
