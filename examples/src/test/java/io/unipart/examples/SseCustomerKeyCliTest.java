package io.unipart.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sse-c-key-file}: the key is read from a file, goes on the initiate and every part, and
 * never appears in what the CLI prints or keeps (the session, the checkpoint, the connection
 * file). WireMock stands in for S3 here: S3Proxy 4.1.0 answers 501 NotImplemented to any
 * server-side encryption.
 */
class SseCustomerKeyCliTest {
  static final byte[] KEY = "0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  static final String KEY_B64 = Base64.getEncoder().encodeToString(KEY);

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @TempDir Path dir;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return UnipartCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of("AWS_ACCESS_KEY_ID", "AKID", "AWS_SECRET_ACCESS_KEY", "secret"));
  }

  @Test
  void uploadSendsTheKeyFromTheFileOnEveryCallAndPrintsItNowhere() throws Exception {
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    // The store proves it honours SSE-C: the probe object is refused without its key.
    wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.head(anyUrl())
        .willReturn(aResponse().withStatus(400)));
    wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(anyUrl())
        .willReturn(aResponse().withStatus(204)));
    wm.stubFor(post(urlMatching(".*\\?uploadId=up-1")).willReturn(aResponse().withStatus(200)
        .withBody("<CompleteMultipartUploadResult><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>")));
    Path keyFile = Files.writeString(dir.resolve("key.b64"), KEY_B64 + "\n");
    Path file = Files.write(dir.resolve("k.bin"), new byte[(5 << 20) + 7]);
    Path checkpoint = dir.resolve("k.checkpoint");

    int code = run("upload", file.toString(), "--dialect", "s3", "--endpoint",
        "http://127.0.0.1:" + wm.getPort(), "--region", "us-east-1", "--bucket", "media",
        "--path-style", "--key", "k.bin", "--part-size", "5242880", "--checkpoint",
        checkpoint.toString(), "--sse-c-key-file", keyFile.toString(),
        "--trust-store-checks"); // the stub checks nothing; it stands for a store that does

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<LoggedRequest> all = wm.findAll(anyRequestedFor(anyUrl()));
    // First the SSE-C probe (written with the key, read without it, deleted), then the upload.
    assertThat(all).extracting(r -> r.getMethod().getName())
        .containsExactly("PUT", "HEAD", "DELETE", "POST", "PUT", "PUT", "POST");
    assertThat(all.get(1).containsHeader("x-amz-server-side-encryption-customer-key")).isFalse();
    List<LoggedRequest> sent = all.subList(3, all.size());
    for (LoggedRequest r : all.subList(0, 1)) {
      assertThat(r.getHeader("x-amz-server-side-encryption-customer-key")).isEqualTo(KEY_B64);
    }
    for (LoggedRequest r : sent) {
      assertThat(r.getHeader("x-amz-server-side-encryption-customer-key")).isEqualTo(KEY_B64);
    }
    assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
        .doesNotContain(KEY_B64);
    try (var files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!p.equals(keyFile) && !p.equals(file)) {
          assertThat(Files.readString(p)).as(p.toString()).doesNotContain(KEY_B64);
        }
      }
    }
  }

  @Test
  void aKeyFileThatIsNotA256BitKeyIsAUsageErrorThatDoesNotEchoIt() throws Exception {
    Path keyFile = Files.writeString(dir.resolve("short.key"), "c2VjcmV0LWJ1dC1zaG9ydA==");
    int code = run("init", "--dialect", "s3", "--endpoint", "http://127.0.0.1:" + wm.getPort(),
        "--region", "us-east-1", "--bucket", "media", "--key", "k",
        "--sse-c-key-file", keyFile.toString());
    assertThat(code).isEqualTo(UnipartCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sse-c-key-file")
        .doesNotContain("c2VjcmV0LWJ1dC1zaG9ydA==");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
