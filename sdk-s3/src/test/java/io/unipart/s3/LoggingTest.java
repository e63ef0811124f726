package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.UploadRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One debug line per attempt, with no credential or signature in it. */
class LoggingTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @Test
  void logsOneLinePerAttemptWithoutSecrets() throws Exception {
    String secret = "LOG-TEST-SECRET-" + System.nanoTime();
    String token = "LOG-TEST-TOKEN-" + System.nanoTime();
    String key = "log/" + System.nanoTime() + ".txt";
    wm.stubFor(post(anyUrl()).inScenario("r").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
    wm.stubFor(post(anyUrl()).inScenario("r").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withBody("<InitiateMultipartUploadResult><Key>"
            + key + "</Key><UploadId>u</UploadId></InitiateMultipartUploadResult>")));
    try (S3MultipartClient c = S3MultipartClient.builder()
        .endpoint("http://127.0.0.1:" + wm.getPort()).region("us-east-1").bucket("media")
        .credentials(AwsCredentials.of("AKIDLOG", secret, token)).sleeper(d -> { }).build()) {
      c.initiate(UploadRequest.builder().key(key).build());
    }

    String log = Files.readString(Path.of(System.getProperty("unipart.debugLog")),
        StandardCharsets.UTF_8);
    List<String> lines = log.lines().filter(l -> l.contains(key)).collect(Collectors.toList());
    String where = "127.0.0.1:" + wm.getPort() + "/media/" + key;
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("DEBUG").contains("s3 POST " + where)
        .contains("-> HTTP 503 (attempt 1/3,").contains(" ms)");
    // The wait before the retry, said before it starts (DEBUG: under a second).
    assertThat(lines.get(1)).contains("DEBUG").contains("s3: initiate POST http://" + where)
        .contains("throttled (HTTP 503); retry 1 of 20 in ").endsWith(" ms");
    assertThat(lines.get(2)).contains("-> HTTP 200 (attempt 2/3,");
    assertThat(log).doesNotContain(secret).doesNotContain(token).doesNotContain("Signature=");
  }
}
