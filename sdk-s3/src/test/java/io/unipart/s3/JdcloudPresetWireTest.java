package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.InvalidRequestException;
import io.unipart.PartContent;
import io.unipart.UploadSession;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code jdcloud(..)} preset never sends an {@code aws-chunked} body (JDCloud does not
 * document chunk-signature bodies): over plain http a part carries its signed SHA-256
 * instead, and {@code STREAMING} is refused when the client is built.
 */
class JdcloudPresetWireTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  @Test
  void overPlainHttpAPartIsSignedWholeNeverChunked() throws Exception {
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    byte[] body = "seven bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (S3MultipartClient s3 = S3MultipartClient.builder().jdcloud("cn-north-1")
        .endpoint("http://127.0.0.1:" + wm.getPort()).allowPlainHttp(true).pathStyle(true)
        .bucket("media").credentials(AwsCredentials.of("AKID", "secret")).build()) {
      s3.uploadPart(UploadSession.builder().dialect("s3").uploadId("u").destination("media")
          .key("k").initiatedAt(Instant.EPOCH).build(), 1, PartContent.ofBytes(body));
    }
    LoggedRequest r = wm.findAll(putRequestedFor(anyUrl())).get(0);
    assertThat(r.containsHeader("Content-Encoding")).isFalse();
    assertThat(r.getHeader("x-amz-content-sha256")).isEqualTo(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    assertThat(r.getBody()).isEqualTo(body);
  }

  @Test
  void streamingIsRefusedForJdcloud() {
    InvalidRequestException e = catchThrowableOfType(() -> S3MultipartClient.builder()
        .jdcloud("cn-north-1").bucket("media").credentials(AwsCredentials.of("AKID", "s"))
        .payloadSigning(PayloadSigning.STREAMING).build(), InvalidRequestException.class);
    assertThat(e.field()).isEqualTo("payloadSigning");
    assertThat(e.getMessage()).contains("JDCloud");
  }
}
