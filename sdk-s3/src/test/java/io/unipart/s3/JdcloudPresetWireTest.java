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
import io.unipart.UploadedPart;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code jdcloud(..)} preset never sends an {@code aws-chunked} body (JDCloud does not
 * document chunk-signature bodies), counts only the part check JDCloud documents (Content-MD5),
 * and so holds each part's ETag to the MD5 of its bytes where it sends another payload; {@code
 * STREAMING} is refused when the client is built.
 */
class JdcloudPresetWireTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  @Test
  void overPlainHttpAPartIsNeverChunkedAndItsEtagIsHeldToItsMd5() throws Exception {
    byte[] body = "seven bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"" + md5 + "\"")));
    UploadedPart part;
    try (S3MultipartClient s3 = S3MultipartClient.builder().jdcloud("cn-north-1")
        .endpoint("http://127.0.0.1:" + wm.getPort()).allowPlainHttp(true).pathStyle(true)
        .bucket("media").credentials(AwsCredentials.of("AKID", "secret")).build()) {
      part = s3.uploadPart(UploadSession.builder().dialect("s3").uploadId("u").destination("media")
          .key("k").initiatedAt(Instant.EPOCH).build(), 1, PartContent.ofBytes(body));
    }
    LoggedRequest r = wm.findAll(putRequestedFor(anyUrl())).get(0);
    assertThat(r.containsHeader("Content-Encoding")).isFalse();
    assertThat(r.getBody()).isEqualTo(body);
    // JDCloud documents no check of a signed payload hash: the part is proven by its ETag.
    assertThat(part.check()).hasValue(io.unipart.PartCheck.ETAG_MD5);
  }

  @Test
  void anEtagThatIsNotTheMd5OfThePartIsNotTakenForIt() throws Exception {
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    byte[] body = "seven bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (S3MultipartClient s3 = S3MultipartClient.builder().jdcloud("cn-north-1")
        .endpoint("http://127.0.0.1:" + wm.getPort()).allowPlainHttp(true).pathStyle(true)
        .bucket("media").credentials(AwsCredentials.of("AKID", "secret")).build()) {
      UploadedPart part = s3.uploadPart(UploadSession.builder().dialect("s3").uploadId("u")
          .destination("media").key("k").initiatedAt(Instant.EPOCH).build(), 1,
          PartContent.ofBytes(body));
      // Sent again with the Content-MD5 JDCloud documents checking, and counted as that.
      assertThat(part.check()).hasValue(io.unipart.PartCheck.CONTENT_MD5);
    }
    assertThat(wm.findAll(putRequestedFor(anyUrl()))).hasSize(2);
    assertThat(wm.findAll(putRequestedFor(anyUrl())).get(1).getHeader("Content-MD5"))
        .isEqualTo(java.util.Base64.getEncoder().encodeToString(
            MessageDigest.getInstance("MD5").digest(body)));
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
