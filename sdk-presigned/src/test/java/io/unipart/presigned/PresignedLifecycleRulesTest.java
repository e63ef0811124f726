package io.unipart.presigned;

import io.unipart.UploadRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.PartTarget;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The presigned API's lifecycle as its docs state it: complete lists every part and says {@code
 * allowPartialComplete: false}; part URLs expire after the chosen hours, or the documented 12;
 * a renewal keeps the chosen expiry, and may answer URLs only for the parts still missing.
 */
class PresignedLifecycleRulesTest {
  static final String BASE = "/api/projects/agmipmdzkrte/uploads/";
  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final ManualClock clock = new ManualClock(NOW);

  PresignedMultipartClient client() {
    return PresignedMultipartClient.builder().baseUrl("http://127.0.0.1:" + wm.getPort())
        .projectId("agmipmdzkrte").bearerToken("vp-token").clock(clock).sleeper(d -> {})
        .build();
  }

  static String issued(String uploadId, int... parts) {
    StringBuilder entries = new StringBuilder();
    for (int n : parts) {
      entries.append(entries.length() == 0 ? "" : ",").append("{\"partNumber\":").append(n)
          .append(",\"presignedUrl\":\"https://s3.example.com/").append(uploadId).append("/p")
          .append(n).append("?sig=x\"}");
    }
    return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"uploadId\":\""
        + uploadId + "\",\"requestKey\":\"rk\",\"presignedUrl\":[" + entries + "]},"
        + "\"resultInfo\":null,\"statusCode\":200}";
  }

  @Test
  void completeSaysAllowPartialCompleteFalse() throws Exception {
    wm.stubFor(put(urlEqualTo(BASE + "multipart-complete")).willReturn(aResponse()
        .withStatus(200).withBody("{\"success\":true,\"errors\":[],\"messages\":[],"
            + "\"result\":true,\"resultInfo\":null,\"statusCode\":200}")));
    UploadSession s = UploadSession.builder().dialect("presigned").uploadId("u")
        .destination("agmipmdzkrte").key("f.mp4").initiatedAt(NOW).handle("requestKey", "rk")
        .addPart(PartTarget.builder().partNumber(1).url(java.net.URI.create("https://s/p1"))
            .build()).build();
    try (PresignedMultipartClient c = client()) {
      c.complete(s, List.of(UploadedPart.of(1, "\"e1\"", 5)));
    }
    assertThat(JSON.readTree(wm.findAll(putRequestedFor(anyUrl())).get(0).getBodyAsString()))
        .isEqualTo(JSON.readTree("{\"requestKey\":\"rk\",\"allowPartialComplete\":false,"
            + "\"parts\":[{\"partNumber\":1,\"eTag\":\"\\\"e1\\\"\"}]}"));
  }

  @Test
  void withoutAChosenExpiryThePartsExpireAfterTheDocumentedTwelveHours() {
    wm.stubFor(post(urlEqualTo(BASE + "multipart")).willReturn(aResponse().withStatus(200)
        .withBody(issued("u1", 1, 2))));
    try (PresignedMultipartClient c = client()) {
      UploadSession s = c.initiate(PresignedInitiateRequest.builder(UploadRequest.builder()
          .key("f.mp4").partCount(2).build()).build());
      assertThat(s.parts()).allSatisfy(p -> assertThat(p.expiresAt())
          .contains(NOW.plus(Duration.ofHours(12))));
    }
  }

  @Test
  void aRenewalKeepsTheChosenExpiryAndTakesURLsForTheMissingPartsOnly() throws Exception {
    wm.stubFor(post(urlEqualTo(BASE + "multipart")).willReturn(aResponse().withStatus(200)
        .withBody(issued("u1", 1, 2, 3))));
    wm.stubFor(post(urlEqualTo(BASE + "multipart-resume")).willReturn(aResponse()
        .withStatus(200).withBody(issued("u1", 3))));
    try (PresignedMultipartClient c = client()) {
      UploadSession s = c.initiate(PresignedInitiateRequest.builder(UploadRequest.builder()
          .key("f.mp4").partCount(3).build()).presignedUrlExpiryTimeHours(36).build());
      assertThat(s.parts().get(0).expiresAt()).contains(NOW.plus(Duration.ofHours(36)));
      clock.advance(Duration.ofHours(40));
      UploadSession renewed = c.renewPartUrls(UploadSession.fromJson(s.toJson()));

      assertThat(renewed.parts()).hasSize(3);
      assertThat(renewed.parts().get(0)).isEqualTo(s.parts().get(0));
      assertThat(renewed.parts().get(1)).isEqualTo(s.parts().get(1));
      assertThat(renewed.parts().get(2).expiresAt())
          .contains(NOW.plus(Duration.ofHours(40 + 36)));
    }
    assertThat(JSON.readTree(wm.findAll(postRequestedFor(urlEqualTo(BASE + "multipart-resume")))
        .get(0).getBodyAsString()))
        .isEqualTo(JSON.readTree("{\"requestKey\":\"rk\",\"presignedUrlExpiryTimeHours\":36}"));
  }
}
