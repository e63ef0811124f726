package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.Checksum;
import io.unipart.ServiceException;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenStack Swift's s3api refuses part checksums in CompleteMultipartUpload with 400 {@code
 * MalformedXML} (seen by the store conformance suite): complete is sent again without them, and
 * every later complete of that client goes without them at once. Any other refusal, or the same
 * code for a list without checksums, reaches the caller.
 */
class CompleteChecksumRefusalWireTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  static final String MALFORMED = "<?xml version='1.0' encoding='UTF-8'?>\n<Error><Code>"
      + "MalformedXML</Code><Message>The XML you provided was not well-formed or did not"
      + " validate against our published schema</Message></Error>";

  S3MultipartClient client() {
    return S3MultipartClient.builder().endpoint("http://127.0.0.1:" + wm.getPort())
        .region("us-east-1").bucket("media").credentials(AwsCredentials.of("a", "b"))
        .sleeper(d -> { }).build();
  }

  static UploadSession session(String id, String algorithm) {
    UploadSession.Builder b = UploadSession.builder().dialect("s3").uploadId(id)
        .destination("media").key("k.bin").initiatedAt(Instant.EPOCH);
    if (algorithm != null) {
      b.handle(io.unipart.internal.xml.XmlMultipartProtocol.CHECKSUM_ALGORITHM_HANDLE, algorithm);
    }
    return b.build();
  }

  static List<UploadedPart> parts() {
    return List.of(UploadedPart.of(1, "\"e1\"", 5 << 20)
        .withChecksum(Checksum.of("CRC32", "AAAAAA==")));
  }

  static void stubStore() {
    wm.stubFor(post(urlMatching(".*\\?uploadId=.*")).atPriority(1)
        .withRequestBody(containing("<ChecksumCRC32>"))
        .willReturn(aResponse().withStatus(400).withBody(MALFORMED)));
    wm.stubFor(post(urlMatching(".*\\?uploadId=.*")).atPriority(2)
        .willReturn(aResponse().withStatus(200).withBody("<CompleteMultipartUploadResult>"
            + "<Key>k.bin</Key><ETag>\"x-1\"</ETag></CompleteMultipartUploadResult>")));
  }

  @Test
  void checksumsRefusedInCompleteAreLeftOutAndStayOut() {
    stubStore();
    try (S3MultipartClient s3 = client()) {
      assertThat(s3.complete(session("up-1", "CRC32"), parts()).etag()).hasValue("\"x-1\"");
      assertThat(s3.complete(session("up-2", "CRC32"), parts()).etag()).hasValue("\"x-1\"");
    }
    List<LoggedRequest> completes = wm.findAll(postRequestedFor(urlMatching(".*\\?uploadId=.*")));
    assertThat(completes).extracting(r -> r.getUrl().replaceAll(".*uploadId=", ""))
        .containsExactly("up-1", "up-1", "up-2");
    assertThat(completes.get(0).getBodyAsString()).contains("<ChecksumCRC32>AAAAAA==");
    assertThat(completes.get(1).getBodyAsString()).doesNotContain("Checksum")
        .contains("<PartNumber>1</PartNumber><ETag>\"e1\"</ETag>");
    assertThat(completes.get(2).getBodyAsString()).doesNotContain("Checksum");
  }

  @Test
  void malformedXmlWithoutChecksumsReachesTheCaller() {
    wm.stubFor(post(urlMatching(".*\\?uploadId=.*"))
        .willReturn(aResponse().withStatus(400).withBody(MALFORMED)));
    try (S3MultipartClient s3 = client()) {
      ServiceException e = catchThrowableOfType(() -> s3.complete(session("up-3", null),
          List.of(UploadedPart.of(1, "\"e1\"", 5 << 20))), ServiceException.class);
      assertThat(e.errorCode()).isEqualTo("MalformedXML");
    }
    assertThat(wm.findAll(postRequestedFor(urlMatching(".*\\?uploadId=.*")))).hasSize(1);
  }
}
