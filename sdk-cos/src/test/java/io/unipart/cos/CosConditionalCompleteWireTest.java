package io.unipart.cos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.UploadConflictException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code x-cos-forbid-overwrite: true} goes on complete as well as initiate (COS's Complete page
 * lists it), carried by the session; a refusal becomes an {@link UploadConflictException}.
 */
class CosConditionalCompleteWireTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  CosMultipartClient client() {
    return CosMultipartClient.builder().region("ap-guangzhou").bucket("media-1250000000")
        .endpoint("http://127.0.0.1:" + wm.getPort()).allowPlainHttp(true)
        .credentials(CosCredentials.of("AKIDEXAMPLE", "secret")).sleeper(d -> {}).build();
  }

  @Test
  void forbidOverwriteGoesOnInitiateAndCompleteAndARefusalIsAConflict() {
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket><Key>k</Key>"
            + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(post(urlMatching(".*\\?uploadId=up-1")).willReturn(aResponse().withStatus(409)
        .withHeader("Content-Type", "application/xml")
        .withBody("<Error><Code>FileAlreadyExists</Code><Message>The object exists.</Message>"
            + "<RequestId>R7</RequestId></Error>")));
    try (CosMultipartClient cos = client()) {
      assertThat(cos.capabilities().conditionalComplete()).isTrue();
      UploadSession s = cos.initiate(UploadRequest.builder().key("k").overwrite(false).build());
      UploadConflictException e = catchThrowableOfType(() -> cos.complete(
          UploadSession.fromJson(s.toJson()), List.of(UploadedPart.of(1, "\"e\"", 5))),
          UploadConflictException.class);
      assertThat(e).isNotNull();
      assertThat(e.errorCode()).isEqualTo("FileAlreadyExists");
      assertThat(e.httpStatus()).isEqualTo(409);
    }
    List<LoggedRequest> posts = wm.findAll(postRequestedFor(urlMatching(".*")));
    assertThat(posts).hasSize(2);
    for (LoggedRequest r : posts) {
      assertThat(r.getHeader("x-cos-forbid-overwrite")).as(r.getUrl()).isEqualTo("true");
      assertThat(r.getHeader("Authorization")).contains("x-cos-forbid-overwrite");
    }
  }

  @Test
  void theVersionIdOfAVersionedBucketIsReturned() {
    wm.stubFor(post(urlMatching(".*\\?uploadId=v-1")).willReturn(aResponse().withStatus(200)
        .withHeader("x-cos-version-id", "MTg0NDUxNTc1NjIzMTQ1MDAwODg")
        .withBody("<CompleteMultipartUploadResult><Location>l</Location><Bucket>media-1250000000"
            + "</Bucket><Key>k</Key><ETag>\"x-1\"</ETag></CompleteMultipartUploadResult>")));
    UploadSession s = UploadSession.builder().dialect("cos").uploadId("v-1")
        .destination("media-1250000000").key("k").initiatedAt(java.time.Instant.EPOCH).build();
    try (CosMultipartClient cos = client()) {
      assertThat(cos.complete(s, List.of(UploadedPart.of(1, "\"e\"", 5))).versionId())
          .contains("MTg0NDUxNTc1NjIzMTQ1MDAwODg");
    }
  }
}
