package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An initiate whose answer was lost may have started an upload on the server: found by a chaos
 * run, where a finished object still had an upload open under its key. After a retried initiate
 * the client lists the key's uploads and aborts those started since its first attempt, other than
 * the one it was given; nothing of another key, another time, or a first-attempt success.
 */
class LostInitiateWireTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  S3MultipartClient client() {
    return S3MultipartClient.builder().endpoint("http://127.0.0.1:" + wm.getPort())
        .region("us-east-1").bucket("media").allowPlainHttp(true)
        .credentials(AwsCredentials.of("AKID", "secret")).sleeper(d -> { }).build();
  }

  static String upload(String key, String id, Instant initiated) {
    return "<Upload><Key>" + key + "</Key><UploadId>" + id + "</UploadId><Initiated>"
        + initiated + "</Initiated></Upload>";
  }

  @Test
  void aRetriedInitiateAbortsTheUploadItsLostAnswerStarted() {
    Instant now = Instant.now();
    wm.stubFor(post(urlEqualTo("/media/v/a.bin?uploads")).inScenario("i")
        .whenScenarioStateIs(STARTED).willReturn(aResponse().withFault(
            Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("answered"));
    wm.stubFor(post(urlEqualTo("/media/v/a.bin?uploads")).inScenario("i")
        .whenScenarioStateIs("answered").willReturn(aResponse().withStatus(200).withBody(
            "<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>v/a.bin</Key>"
                + "<UploadId>ours</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(get(urlMatching("/media\\?uploads&max-uploads=1000&prefix=v%2Fa\\.bin"))
        .willReturn(aResponse().withStatus(200).withBody("<ListMultipartUploadsResult>"
            + "<IsTruncated>false</IsTruncated>"
            + upload("v/a.bin", "lost", now)
            + upload("v/a.bin", "ours", now)
            + upload("v/a.bin.old", "other-key", now)
            + upload("v/a.bin", "yesterday", now.minusSeconds(86_400))
            + "</ListMultipartUploadsResult>")));
    wm.stubFor(delete(urlMatching("/media/v/a\\.bin\\?uploadId=.*"))
        .willReturn(aResponse().withStatus(204)));

    UploadSession session;
    try (S3MultipartClient s3 = client()) {
      session = s3.initiate(UploadRequest.builder().key("v/a.bin").build());
    }

    assertThat(session.uploadId()).isEqualTo("ours");
    List<LoggedRequest> aborts = wm.findAll(deleteRequestedFor(urlMatching(".*")));
    assertThat(aborts).extracting(LoggedRequest::getUrl)
        .containsExactly("/media/v/a.bin?uploadId=lost");
  }

  @Test
  void aFirstAttemptSuccessListsNothing() {
    wm.stubFor(post(urlEqualTo("/media/k?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k</Key>"
            + "<UploadId>ours</UploadId></InitiateMultipartUploadResult>")));
    try (S3MultipartClient s3 = client()) {
      s3.initiate(UploadRequest.builder().key("k").build());
    }
    assertThat(wm.getAllServeEvents()).hasSize(1);
  }
}
