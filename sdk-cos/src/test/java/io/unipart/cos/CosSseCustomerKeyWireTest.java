package io.unipart.cos;

import io.unipart.UploadRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.InvalidRequestException;
import io.unipart.PartContent;
import io.unipart.RetryPolicy;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * COS SSE-C through a whole upload: the customer key goes on every Upload Part and on the HEAD
 * Object after a retried complete (the calls whose COS pages list the headers), on no other call;
 * the session holds only the key's MD5; a client without the key refuses before any call.
 */
class CosSseCustomerKeyWireTest {
  static final byte[] KEY = "0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  static final String KEY_B64 = Base64.getEncoder().encodeToString(KEY);

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  CosMultipartClient client(boolean withKey) {
    CosMultipartClient.Builder b = CosMultipartClient.builder().region("ap-guangzhou")
        .bucket("media-1250000000").endpoint("http://127.0.0.1:" + wm.getPort())
        .allowPlainHttp(true).credentials(CosCredentials.of("AKIDEXAMPLE", "secret"))
        .retryPolicy(RetryPolicy.builder().maxAttempts(2).baseDelay(Duration.ofMillis(1)).build())
        .sleeper(d -> {});
    if (withKey) {
      b.customerKey(CosServerSideEncryption.customerKey(KEY));
    }
    return b.build();
  }

  @Test
  void theKeyGoesOnPartsAndHeadOnlyAndNeverIntoTheSession() {
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket><Key>k.bin"
            + "</Key><UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
        "<ListPartsResult><IsTruncated>false</IsTruncated></ListPartsResult>")));
    wm.stubFor(delete(anyUrl()).willReturn(aResponse().withStatus(204)));
    wm.stubFor(post(urlMatching(".*\\?uploadId=up-1")).inScenario("c")
        .whenScenarioStateIs(STARTED).willSetStateTo("again")
        .willReturn(aResponse().withStatus(500)));
    wm.stubFor(post(urlMatching(".*\\?uploadId=up-1")).inScenario("c")
        .whenScenarioStateIs("again").willReturn(aResponse().withStatus(404)
            .withBody("<Error><Code>NoSuchUpload</Code><Message>m</Message></Error>")));
    wm.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"abc-1\"").withHeader("Content-Length", "10")));

    UploadSession session;
    try (CosMultipartClient cos = client(false)) {
      session = cos.initiate(CosInitiateRequest.builder(UploadRequest.builder().key("k.bin")
          .build())
          .serverSideEncryption(CosServerSideEncryption.customerKey(KEY)).build());
      assertThat(session.toJson()).doesNotContain(KEY_B64).contains("sseCustomerKeyMd5");
      UploadedPart p = cos.uploadPart(session, 1, PartContent.ofBytes(new byte[10]));
      cos.listParts(session);
      cos.complete(session, List.of(p));
      cos.abort(session);
    }
    List<LoggedRequest> sent = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).extracting(r -> r.getMethod().getName())
        .containsExactly("POST", "PUT", "GET", "POST", "POST", "HEAD", "DELETE");
    for (LoggedRequest r : sent) {
      String m = r.getMethod().getName();
      boolean keyed = m.equals("PUT") || m.equals("HEAD") || r.getUrl().endsWith("?uploads");
      assertThat(r.getHeader("x-cos-server-side-encryption-customer-key")).as(m + " " + r.getUrl())
          .isEqualTo(keyed ? KEY_B64 : null);
    }

    try (CosMultipartClient other = client(false)) {
      UploadSession again = UploadSession.fromJson(session.toJson());
      int before = wm.findAll(anyRequestedFor(anyUrl())).size();
      InvalidRequestException e = catchThrowableOfType(() -> other.uploadPart(again, 2,
          PartContent.ofBytes(new byte[10])), InvalidRequestException.class);
      assertThat(e.getMessage()).contains("SSE-C");
      assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(before);
    }
    try (CosMultipartClient keyed = client(true)) {
      keyed.uploadPart(UploadSession.fromJson(session.toJson()), 2,
          PartContent.ofBytes(new byte[10]));
    }
  }
}
