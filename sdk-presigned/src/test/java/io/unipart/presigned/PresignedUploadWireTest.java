package io.unipart.presigned;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartUploader;
import io.unipart.PartContent;
import io.unipart.PartUrlExpiredException;
import io.unipart.UploadFailedException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole uploads through the presigned-URL API against WireMock with the provider's documented
 * answers (PROVIDERS.md 7.6): parts PUT to the URLs it hands out without the API token, complete
 * with the ETags, abort on failure, fresh URLs through multipart-resume.
 */
class PresignedUploadWireTest {
  static final String API = "/api/projects/agmipmdzkrte/uploads/";
  static final ObjectMapper JSON = new ObjectMapper();
  static final int MIB = 1 << 20;

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  @TempDir Path dir;
  PresignedMultipartClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  PresignedMultipartClient client() {
    client = PresignedMultipartClient.builder().baseUrl("http://127.0.0.1:" + wm.getPort())
        .projectId("agmipmdzkrte").bearerToken("vp-token").sleeper(d -> { }).build();
    return client;
  }

  String partUrl(String generation, int n) {
    return "http://127.0.0.1:" + wm.getPort() + "/storage/" + generation + "/file.bin?partNumber="
        + n + "&X-Amz-Signature=sig" + n;
  }

  /** The documented init answer, with part URLs on this WireMock. */
  String issued(String generation, String uploadId, int parts) {
    String entries = java.util.stream.IntStream.rangeClosed(1, parts)
        .mapToObj(n -> "{\"partNumber\":" + n + ",\"presignedUrl\":\"" + partUrl(generation, n)
            + "\"}").collect(Collectors.joining(","));
    return "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"uploadId\":\"" + uploadId
        + "\",\"requestKey\":\"requestKey\",\"presignedUrl\":[" + entries + "]},"
        + "\"resultInfo\":null,\"statusCode\":200}";
  }

  static final String COMPLETED = "{\"success\": true, \"errors\": [], \"messages\":"
      + " [\"messages\"], \"result\": true, \"resultInfo\": null, \"statusCode\": 200}";

  void stubStorage(String generation, int parts) {
    for (int n = 1; n <= parts; n++) {
      wm.stubFor(put(urlPathEqualTo("/storage/" + generation + "/file.bin"))
          .withQueryParam("partNumber", equalTo(String.valueOf(n)))
          .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"" + generation + n
              + "\"")));
    }
  }

  Path file(int size) throws Exception {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Files.write(dir.resolve("f" + size), bytes);
  }

  static List<LoggedRequest> partPuts() {
    return wm.findAll(putRequestedFor(urlPathEqualTo("/storage/g1/file.bin")));
  }

  @Test
  void aWholeFileGoesToThePartUrlsAndCompletesWithTheEtags() throws Exception {
    wm.stubFor(post(urlEqualTo(API + "multipart")).willReturn(aResponse().withStatus(200)
        .withBody(issued("g1", "uploadId", 3))));
    stubStorage("g1", 3);
    wm.stubFor(put(urlEqualTo(API + "multipart-complete")).willReturn(aResponse()
        .withStatus(200).withBody(COMPLETED)));
    Path file = file(11 * MIB);

    UploadResult result = MultipartUploader.builder(client()).build().upload(file,
        UploadRequest.builder().key("file.bin").partSize(5L * MIB).build());

    assertThat(result.size()).isEqualTo(11L * MIB);
    assertThat(partPuts()).hasSize(3).allSatisfy(r -> {
      assertThat(r.containsHeader("Authorization")).isFalse();
      assertThat(r.getHeader("Content-Length")).isNotNull();
    });
    byte[] bytes = Files.readAllBytes(file);
    LoggedRequest third = wm.findAll(putRequestedFor(urlPathEqualTo("/storage/g1/file.bin"))
        .withQueryParam("partNumber", equalTo("3"))).get(0);
    assertThat(third.getBody()).isEqualTo(Arrays.copyOfRange(bytes, 10 * MIB, 11 * MIB));
    JsonNode init = JSON.readTree(wm.findAll(anyRequestedFor(urlEqualTo(API + "multipart")))
        .get(0).getBodyAsString());
    assertThat(init.get("partsNumber").asInt()).isEqualTo(3);
    assertThat(init.get("contentLength").asText()).isEqualTo(String.valueOf(11 * MIB));
    LoggedRequest complete = wm.findAll(anyRequestedFor(urlEqualTo(API + "multipart-complete")))
        .get(0);
    assertThat(complete.getHeader("Authorization")).isEqualTo("Bearer vp-token");
    assertThat(JSON.readTree(complete.getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"requestKey\":\"requestKey\",\"allowPartialComplete\":false,"
            + "\"parts\":[{\"partNumber\":1,\"eTag\":\"\\\"g11\\\"\"},"
            + "{\"partNumber\":2,\"eTag\":\"\\\"g12\\\"\"},"
            + "{\"partNumber\":3,\"eTag\":\"\\\"g13\\\"\"}]}"));
  }

  @Test
  void anExpiredUrlIsRenewedThroughResumeAndOnlyThatPartIsSentAgain() throws Exception {
    wm.stubFor(post(urlEqualTo(API + "multipart")).willReturn(aResponse().withStatus(200)
        .withBody(issued("g1", "uploadId", 3))));
    stubStorage("g1", 3);
    wm.stubFor(put(urlPathEqualTo("/storage/g1/file.bin")).withQueryParam("partNumber",
        equalTo("2")).willReturn(aResponse().withStatus(403).withBody("<Error><Code>AccessDenied"
            + "</Code><Message>Request has expired</Message></Error>")));
    wm.stubFor(post(urlEqualTo(API + "multipart-resume")).willReturn(aResponse()
        .withStatus(200).withBody(issued("g2", "uploadId", 3))));
    stubStorage("g2", 3);
    wm.stubFor(put(urlEqualTo(API + "multipart-complete")).willReturn(aResponse()
        .withStatus(200).withBody(COMPLETED)));

    MultipartUploader.builder(client()).concurrency(1).build().upload(file(11 * MIB),
        UploadRequest.builder().key("file.bin").partSize(5L * MIB).build());

    JsonNode resume = JSON.readTree(wm.findAll(anyRequestedFor(urlEqualTo(API
        + "multipart-resume"))).get(0).getBodyAsString());
    assertThat(resume.get("requestKey").asText()).isEqualTo("requestKey");
    assertThat(wm.findAll(putRequestedFor(urlPathEqualTo("/storage/g2/file.bin"))))
        .extracting(r -> r.queryParameter("partNumber").firstValue())
        .containsExactly("2", "3");
    assertThat(JSON.readTree(wm.findAll(anyRequestedFor(urlEqualTo(API + "multipart-complete")))
        .get(0).getBodyAsString()).get("parts").toString())
        .contains("\\\"g11\\\"").contains("\\\"g22\\\"").contains("\\\"g23\\\"");
  }

  @Test
  void aUrlPastItsExpiryIsNotEvenTried() {
    UploadSession s = UploadSession.builder().dialect("presigned").uploadId("u")
        .destination("agmipmdzkrte").key("f").initiatedAt(java.time.Instant.EPOCH)
        .handle("requestKey", "rk")
        .addPart(io.unipart.PartTarget.builder().partNumber(1)
            .url(java.net.URI.create(partUrl("old", 1)))
            .expiresAt(java.time.Instant.now().minusSeconds(5)).build())
        .build();

    PartUrlExpiredException e = catchThrowableOfType(
        () -> client().uploadPart(s, 1, PartContent.ofBytes(new byte[3])),
        PartUrlExpiredException.class);

    assertThat(e.partNumber()).isEqualTo(1);
    assertThat(e.getMessage()).contains("expired");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aFailedPartAbortsTheUploadWithItsRequestKey() throws Exception {
    wm.stubFor(post(urlEqualTo(API + "multipart")).willReturn(aResponse().withStatus(200)
        .withBody(issued("g1", "uploadId", 2))));
    wm.stubFor(put(urlPathEqualTo("/storage/g1/file.bin")).willReturn(aResponse().withStatus(400)
        .withBody("<Error><Code>InvalidDigest</Code><Message>bad</Message></Error>")));
    wm.stubFor(put(urlEqualTo(API + "multipart-abort")).willReturn(aResponse().withStatus(200)
        .withBody(COMPLETED)));

    UploadFailedException e = catchThrowableOfType(() -> MultipartUploader.builder(client())
        .build().upload(file(6 * MIB), UploadRequest.builder().key("file.bin")
            .partSize(5L * MIB).build()), UploadFailedException.class);

    assertThat(e.aborted()).isTrue();
    assertThat(e.getMessage()).contains("InvalidDigest");
    assertThat(JSON.readTree(wm.findAll(anyRequestedFor(urlEqualTo(API + "multipart-abort")))
        .get(0).getBodyAsString())).isEqualTo(JSON.readTree("{\"requestKey\":\"requestKey\"}"));
  }

  @Test
  void completeNeedsEveryPartWithItsEtag() {
    UploadSession s = UploadSession.builder().dialect("presigned").uploadId("u")
        .destination("agmipmdzkrte").key("f").initiatedAt(java.time.Instant.EPOCH)
        .handle("requestKey", "rk")
        .addPart(io.unipart.PartTarget.of(1, java.net.URI.create(partUrl("g", 1))))
        .addPart(io.unipart.PartTarget.of(2, java.net.URI.create(partUrl("g", 2))))
        .build();
    InvalidRequestException missing = catchThrowableOfType(() -> client().complete(s,
        List.of(UploadedPart.of(1, "\"a\"", 5))), InvalidRequestException.class);
    assertThat(missing.rule()).contains("every one of the 2 parts");
    InvalidRequestException noEtag = catchThrowableOfType(() -> client().complete(s,
        List.of(UploadedPart.of(1, "\"a\"", 5), UploadedPart.of(2, null, 5))),
        InvalidRequestException.class);
    assertThat(noEtag.field()).isEqualTo("parts[1].etag");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aStreamOfUnknownLengthIsRefusedBeforeAnyCall() {
    InvalidRequestException e = catchThrowableOfType(() -> MultipartUploader.builder(client())
        .build().upload(new java.io.ByteArrayInputStream(new byte[10]),
            UploadRequest.builder().key("f").build()), InvalidRequestException.class);
    assertThat(e.field()).isEqualTo("contentLength");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
