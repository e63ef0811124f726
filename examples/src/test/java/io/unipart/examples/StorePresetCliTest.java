package io.unipart.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
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
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --store ceph|swift}: the library's preset for the store behind {@code --endpoint}, so a
 * Swift upload is never sent aws-chunked (which Swift answers 501) and needs no region; a store
 * unipart has no preset for is a usage error naming the flag.
 */
class StorePresetCliTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  @TempDir Path dir;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... args) {
    return UnipartCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        Map.of("AWS_ACCESS_KEY_ID", "test:tester", "AWS_SECRET_ACCESS_KEY", "testing"));
  }

  @Test
  void swiftUploadsAreSentAsTheSignedSha256WithTheDefaultRegion() throws Exception {
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    wm.stubFor(post(urlMatching(".*\\?uploadId=up-1")).willReturn(aResponse().withStatus(200)
        .withBody("<CompleteMultipartUploadResult><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<ETag>\"x-1\"</ETag></CompleteMultipartUploadResult>")));
    byte[] data = new byte[100_000];
    new Random(1).nextBytes(data);
    Path file = Files.write(dir.resolve("k.bin"), data);

    int code = run("upload", file.toString(), "--dialect", "s3", "--endpoint",
        "http://127.0.0.1:" + wm.getPort(), "--store", "swift", "--bucket", "media",
        "--path-style", "--key", "k.bin");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<LoggedRequest> parts = wm.findAll(putRequestedFor(anyUrl()));
    assertThat(parts).hasSize(1);
    assertThat(parts.get(0).containsHeader("Content-Encoding")).isFalse();
    assertThat(parts.get(0).getHeader("x-amz-content-sha256")).isEqualTo(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    assertThat(parts.get(0).getHeader("Authorization")).contains("/us-east-1/s3/");
  }

  @Test
  void aStoreWithoutAPresetIsAUsageErrorBeforeAnyCall() {
    int code = run("init", "--dialect", "s3", "--endpoint", "http://127.0.0.1:" + wm.getPort(),
        "--store", "garage", "--bucket", "media", "--key", "k");
    assertThat(code).isEqualTo(UnipartCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--store must be ceph, swift or minio");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
