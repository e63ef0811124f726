package io.unipart.cognite;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartUploader;
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
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole uploads of Cognite files against WireMock with Cognite's documented answers: parts PUT
 * to the upload URLs with Content-Length and no Cognite token, completemultipartupload with the
 * file id, no abort (unless the file is to be deleted), fresh URLs through multiuploadlink.
 */
class CogniteUploadWireTest {
  static final String API = "/api/v1/projects/publicdata/files/";
  static final ObjectMapper JSON = new ObjectMapper();
  static final int MIB = 1 << 20;

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  @TempDir Path dir;
  CogniteMultipartClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  CogniteMultipartClient client(Consumer<CogniteMultipartClient.Builder> custom) {
    CogniteMultipartClient.Builder b = CogniteMultipartClient.builder()
        .baseUrl("http://127.0.0.1:" + wm.getPort()).project("publicdata")
        .token("cdf-secret-token").sleeper(d -> { });
    custom.accept(b);
    client = b.build();
    return client;
  }

  String urls(String generation, int parts) {
    return IntStream.rangeClosed(1, parts)
        .mapToObj(n -> "\"http://127.0.0.1:" + wm.getPort() + "/blob/" + generation + "/" + n
            + "?sig=s" + n + "\"")
        .collect(Collectors.joining(",", "[", "]"));
  }

  /** Cognite's file object with uploadId and uploadUrls, at the top level. */
  String initiated(int parts) {
    return "{\"id\":4503599627370496,\"name\":\"pump.mp4\",\"externalId\":\"pump-42\","
        + "\"uploaded\":false,\"createdTime\":1700000000000,\"lastUpdatedTime\":1700000000000,"
        + "\"uploadId\":\"upload-1\",\"uploadUrls\":" + urls("g1", parts) + "}";
  }

  void stubBlobs(String generation, int status) {
    wm.stubFor(put(urlPathEqualTo("/blob/" + generation + "/1")).willReturn(
        aResponse().withStatus(status)));
    for (int n = 1; n <= 3; n++) {
      wm.stubFor(put(urlPathEqualTo("/blob/" + generation + "/" + n))
          .willReturn(aResponse().withStatus(status)));
    }
  }

  Path file(int size) throws Exception {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return Files.write(dir.resolve("f" + size), bytes);
  }

  @Test
  void aWholeFileGoesToTheUploadUrlsWithoutTheCogniteToken() throws Exception {
    wm.stubFor(post(urlPathEqualTo(API + "initmultipartupload")).willReturn(aResponse()
        .withStatus(201).withBody(initiated(3))));
    stubBlobs("g1", 201);
    wm.stubFor(post(urlEqualTo(API + "completemultipartupload")).willReturn(aResponse()
        .withStatus(200).withHeader("x-request-id", "cdf-req-9").withBody("{}")));
    Path file = file(13 * MIB);

    UploadResult result = MultipartUploader.builder(client(b -> { })).build().upload(file,
        UploadRequest.builder().key("pump.mp4").contentType("video/mp4").partSize(6L * MIB)
            .build());

    assertThat(result.size()).isEqualTo(13L * MIB);
    assertThat(result.requestId()).contains("cdf-req-9");
    LoggedRequest init = wm.findAll(postRequestedFor(urlPathEqualTo(API + "initmultipartupload")))
        .get(0);
    assertThat(init.queryParameter("parts").firstValue()).isEqualTo("3");
    assertThat(init.getHeader("Authorization")).isEqualTo("Bearer cdf-secret-token");
    List<LoggedRequest> puts = wm.findAll(putRequestedFor(anyUrl()));
    assertThat(puts).hasSize(3).allSatisfy(r -> {
      assertThat(r.containsHeader("Authorization")).isFalse();
      assertThat(r.getBodyAsString()).doesNotContain("cdf-secret-token");
      assertThat(r.getHeader("Content-Length")).isNotNull();
    });
    LoggedRequest last = wm.findAll(putRequestedFor(urlPathEqualTo("/blob/g1/3"))).get(0);
    assertThat(last.getHeader("Content-Length")).isEqualTo(String.valueOf(MIB));
    assertThat(last.getBody()).isEqualTo(
        Arrays.copyOfRange(Files.readAllBytes(file), 12 * MIB, 13 * MIB));
    LoggedRequest complete = wm.findAll(postRequestedFor(urlEqualTo(API
        + "completemultipartupload"))).get(0);
    assertThat(JSON.readTree(complete.getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"uploadId\": \"upload-1\", \"id\": 4503599627370496}"));
  }

  @Test
  void withoutAbortAFailureSaysSoPlainlyAndDeletesNothing() throws Exception {
    wm.stubFor(post(urlPathEqualTo(API + "initmultipartupload")).willReturn(aResponse()
        .withStatus(201).withBody(initiated(2))));
    stubBlobs("g1", 400);

    UploadFailedException e = catchThrowableOfType(() -> MultipartUploader.builder(
        client(b -> { })).build().upload(file(7 * MIB), UploadRequest.builder()
            .key("pump.mp4").partSize(6L * MIB).build()), UploadFailedException.class);

    assertThat(e.aborted()).isFalse();
    assertThat(e.getMessage()).contains("cognite cannot abort uploads");
    assertThat(wm.findAll(postRequestedFor(urlEqualTo(API + "delete")))).isEmpty();
    assertThat(wm.findAll(postRequestedFor(urlEqualTo(API + "completemultipartupload"))))
        .isEmpty();
  }

  @Test
  void whenAskedTheFileIsDeletedInsteadOfAnAbort() throws Exception {
    wm.stubFor(post(urlPathEqualTo(API + "initmultipartupload")).willReturn(aResponse()
        .withStatus(201).withBody(initiated(2))));
    stubBlobs("g1", 400);
    wm.stubFor(post(urlEqualTo(API + "delete")).willReturn(aResponse().withStatus(200)
        .withBody("{}")));

    UploadFailedException e = catchThrowableOfType(() -> MultipartUploader.builder(
        client(b -> b.deleteFileOnAbort(true))).build().upload(file(7 * MIB),
            UploadRequest.builder().key("pump.mp4").partSize(6L * MIB).build()),
        UploadFailedException.class);

    assertThat(e.aborted()).isTrue();
    LoggedRequest delete = wm.findAll(postRequestedFor(urlEqualTo(API + "delete"))).get(0);
    assertThat(JSON.readTree(delete.getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"items\":[{\"id\":4503599627370496}]}"));
    assertThat(delete.getHeader("Authorization")).isEqualTo("Bearer cdf-secret-token");
  }

  @Test
  void anOverwrittenFileThatExistedBeforeIsNeverDeletedOnAbort() throws Exception {
    // overwrite=true with an external id answers the existing file: created long before, and
    // already holding content.
    wm.stubFor(post(urlPathEqualTo(API + "initmultipartupload")).willReturn(aResponse()
        .withStatus(201).withBody(initiated(2).replace("\"uploaded\":false", "\"uploaded\":true")
            .replace("\"lastUpdatedTime\":1700000000000", "\"lastUpdatedTime\":1764500000000"))));
    stubBlobs("g1", 400);
    wm.stubFor(post(urlEqualTo(API + "delete")).willReturn(aResponse().withStatus(200)
        .withBody("{}")));
    CogniteMultipartClient cdf = client(b -> b.deleteFileOnAbort(true));
    UploadSession s = cdf.initiate(CogniteInitiateRequest.builder(UploadRequest.builder()
        .key("pump.mp4").overwrite(true).contentLength(7L * MIB).partSize(6L * MIB).build())
        .externalId("pump-42")
        .build());

    UploadFailedException e = catchThrowableOfType(() -> MultipartUploader.builder(cdf).build()
        .upload(file(7 * MIB), s, io.unipart.TransferOptions.defaults()),
        UploadFailedException.class);

    assertThat(e.aborted()).isFalse();
    assertThat(e.getMessage()).contains("existed before this upload").contains("not deleted");
    assertThat(wm.findAll(postRequestedFor(urlEqualTo(API + "delete")))).isEmpty();
    // Without overwrite the upload made the file (Cognite refuses an existing external id).
    UploadSession created = cdf.initiate(CogniteInitiateRequest.builder(UploadRequest.builder()
        .key("pump.mp4").partCount(2).build())
        .externalId("pump-43").build());
    assertThat(created.handles()).containsEntry("createdFile", "true");
  }

  @Test
  void theUploaderSendsAtMostThreePartsAtOnceByDefaultAsCogniteAsks() throws Exception {
    java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
    try (io.unipart.testkit.LocalHttpStub blobs = io.unipart.testkit.LocalHttpStub.start(r -> {
      most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(150);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
      inFlight.decrementAndGet();
      return io.unipart.testkit.LocalHttpStub.Reply.of(200, "text/plain", "");
    })) {
      String urls = IntStream.rangeClosed(1, 6).mapToObj(n -> "\"" + blobs.baseUrl() + "/b/" + n
          + "?sig=s\"").collect(Collectors.joining(",", "[", "]"));
      wm.stubFor(post(urlPathEqualTo(API + "initmultipartupload")).willReturn(aResponse()
          .withStatus(201).withBody("{\"id\":7,\"name\":\"p\",\"uploadId\":\"u\","
              + "\"uploadUrls\":" + urls + "}")));
      wm.stubFor(post(urlEqualTo(API + "completemultipartupload")).willReturn(aResponse()
          .withStatus(200).withBody("{}")));
      CogniteMultipartClient cdf = client(b -> { });
      assertThat(cdf.capabilities().recommendedConcurrency()).isEqualTo(3);
      MultipartUploader uploader = MultipartUploader.builder(cdf).build();
      assertThat(uploader.toString()).contains("concurrency=3");
      uploader.upload(file(36 * MIB), UploadRequest.builder().key("p").partSize(6L * MIB).build());
    }
    assertThat(most.get()).isEqualTo(3);
  }

  @Test
  void expiredUrlsAreFetchedAgainAndEveryPartGoesUnderTheNewUploadId() throws Exception {
    wm.stubFor(post(urlPathEqualTo(API + "initmultipartupload")).willReturn(aResponse()
        .withStatus(201).withBody(initiated(3))));
    stubBlobs("g1", 201);
    wm.stubFor(put(urlPathEqualTo("/blob/g1/2")).willReturn(aResponse().withStatus(403)
        .withBody("<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>"
            + "Signed expiry time has passed</Message></Error>")));
    wm.stubFor(post(urlPathEqualTo(API + "multiuploadlink")).willReturn(aResponse()
        .withStatus(200).withBody("{\"items\":[{\"id\":4503599627370496,\"uploadId\":"
            + "\"upload-2\",\"uploadUrls\":" + urls("g2", 3) + "}]}")));
    stubBlobs("g2", 201);
    wm.stubFor(post(urlEqualTo(API + "completemultipartupload")).willReturn(aResponse()
        .withStatus(200).withBody("{}")));

    MultipartUploader.builder(client(b -> { })).concurrency(1).build().upload(file(13 * MIB),
        UploadRequest.builder().key("pump.mp4").partSize(6L * MIB).build());

    LoggedRequest link = wm.findAll(postRequestedFor(urlPathEqualTo(API + "multiuploadlink")))
        .get(0);
    assertThat(link.queryParameter("parts").firstValue()).isEqualTo("3");
    assertThat(JSON.readTree(link.getBodyAsString())).isEqualTo(JSON.readTree(
        "{\"items\":[{\"id\":4503599627370496}]}"));
    assertThat(wm.findAll(putRequestedFor(urlPathEqualTo("/blob/g2/1")))).hasSize(1);
    assertThat(wm.findAll(putRequestedFor(urlPathEqualTo("/blob/g2/2")))).hasSize(1);
    assertThat(wm.findAll(putRequestedFor(urlPathEqualTo("/blob/g2/3")))).hasSize(1);
    assertThat(JSON.readTree(wm.findAll(postRequestedFor(urlEqualTo(API
        + "completemultipartupload"))).get(0).getBodyAsString()).get("uploadId").asText())
        .isEqualTo("upload-2");
  }

  @Test
  void partSizesFollowCognitesLimits() {
    InvalidRequestException small = catchThrowableOfType(() -> MultipartUploader.builder(
        client(b -> { })).build().upload(file(12 * MIB), UploadRequest.builder()
            .key("pump.mp4").partSize(5L * MIB).build()), InvalidRequestException.class);
    assertThat(small.field()).isEqualTo("partSize");
    assertThat(small.rule()).contains(String.valueOf((5L << 20) + 1));
    assertThat(MultipartUploader.builder(client(b -> { })).build().partSizeFor(10L << 30))
        .isEqualTo(41L * MIB);
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void completeNeedsEveryPart() {
    UploadSession s = UploadSession.builder().dialect("cognite").uploadId("u")
        .destination("publicdata").key("f").initiatedAt(java.time.Instant.EPOCH)
        .handle("fileId", "42")
        .addPart(io.unipart.PartTarget.of(1, java.net.URI.create("https://b/1")))
        .addPart(io.unipart.PartTarget.of(2, java.net.URI.create("https://b/2")))
        .build();
    InvalidRequestException e = catchThrowableOfType(() -> client(b -> { }).complete(s,
        List.of(UploadedPart.of(1, null, 5))), InvalidRequestException.class);
    assertThat(e.field()).isEqualTo("parts");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
