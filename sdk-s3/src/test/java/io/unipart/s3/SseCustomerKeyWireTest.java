package io.unipart.s3;

import io.unipart.UploadRequest;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartUploader;
import io.unipart.TransferOptions;
import io.unipart.UploadSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSE-C through a whole upload: the customer key goes on every part, complete and list (as AWS's
 * multipart client sends it) and not on abort; the session, its JSON and the checkpoint hold only
 * the key's MD5; a client without the key refuses before any call, and one given the key by its
 * builder carries the upload on.
 */
class SseCustomerKeyWireTest {
  static final byte[] KEY = "0123456789abcdef0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
  static final String KEY_B64 = Base64.getEncoder().encodeToString(KEY);

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  @TempDir Path dir;

  S3MultipartClient client(boolean withKey) {
    S3MultipartClient.Builder b = S3MultipartClient.builder().probeStoreChecks(false)
        .endpoint("http://127.0.0.1:" + wm.getPort()).region("us-east-1").bucket("media")
        .pathStyle(true).allowPlainHttp(true).payloadSigning(PayloadSigning.UNSIGNED)
        .credentials(AwsCredentials.of("AKID", "secret")).sleeper(d -> {});
    if (withKey) {
      b.customerKey(ServerSideEncryption.customerKey(KEY));
    }
    return b.build();
  }

  void stubs() {
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
    wm.stubFor(post(urlMatching(".*\\?uploadId=up-1")).willReturn(aResponse().withStatus(200)
        .withBody("<CompleteMultipartUploadResult><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>")));
    wm.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
        "<ListPartsResult><IsTruncated>false</IsTruncated></ListPartsResult>")));
    wm.stubFor(delete(anyUrl()).willReturn(aResponse().withStatus(204)));
    probeStubs(400);
  }

  static final String PROBE = ".*/\\.unipart-sse-c-probe-[0-9a-f-]{36}";

  /** The SSE-C probe object: written, read without the key (answered {@code head}), deleted. */
  static void probeStubs(int head) {
    wm.stubFor(put(urlMatching(PROBE)).atPriority(1)
        .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"p\"")));
    wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.head(urlMatching(PROBE))
        .atPriority(1).willReturn(aResponse().withStatus(head)));
    wm.stubFor(delete(urlMatching(PROBE)).atPriority(1).willReturn(aResponse().withStatus(204)));
  }

  static boolean probe(LoggedRequest r) {
    return r.getUrl().contains(".unipart-sse-c-probe-");
  }

  @Test
  void beforeTheFirstSseCUploadTheStoreMustRefuseAProbeObjectWithoutItsKey() throws Exception {
    stubs();
    try (S3MultipartClient s3 = client(false)) {
      for (String key : List.of("k.bin", "k.bin")) {
        s3.initiate(S3InitiateRequest.builder(UploadRequest.builder().key(key).build())
            .serverSideEncryption(ServerSideEncryption.customerKey(KEY)).build());
      }
    }
    List<LoggedRequest> probes = wm.findAll(anyRequestedFor(urlMatching(PROBE)));
    assertThat(probes).as("one probe per client and bucket").extracting(
        r -> r.getMethod().getName()).containsExactly("PUT", "HEAD", "DELETE");
    assertThat(probes).allSatisfy(r -> assertThat(r.getUrl())
        .startsWith("/media/.unipart-sse-c-probe-"));
    assertThat(probes.get(0).getHeader("x-amz-server-side-encryption-customer-key"))
        .isEqualTo(KEY_B64);
    byte[] body = probes.get(0).getBody();
    assertThat(body).isNotEmpty();
    assertThat(probes.get(0).getHeader("Content-Length")).isEqualTo(String.valueOf(body.length));
    assertThat(probes.get(0).getHeader("x-amz-content-sha256")).isEqualTo(
        java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    assertThat(probes.get(1).containsHeader("x-amz-server-side-encryption-customer-key"))
        .isFalse();
    assertThat(probes.get(2).getUrl()).isEqualTo(probes.get(0).getUrl());
  }

  @Test
  void aStoreThatServesTheProbeWithoutItsKeyIsRefusedBeforeTheUploadStarts() {
    stubs();
    probeStubs(200); // the probe reads without the key: stored in the clear
    try (S3MultipartClient s3 = client(false)) {
      io.unipart.NotHonouredException e = catchThrowableOfType(() -> s3.initiate(
          S3InitiateRequest.builder(UploadRequest.builder().key("k.bin").build())
              .serverSideEncryption(ServerSideEncryption.customerKey(KEY)).build()),
          io.unipart.NotHonouredException.class);
      assertThat(e.feature()).isEqualTo("SSE-C");
      assertThat(e.getMessage()).contains("reads without it", "in the clear")
          .doesNotContain(KEY_B64);
    }
    assertThat(wm.findAll(anyRequestedFor(urlMatching(".*\\?uploads")))).isEmpty();
    assertThat(wm.findAll(anyRequestedFor(urlMatching(PROBE)))).extracting(
        r -> r.getMethod().getName()).containsExactly("PUT", "HEAD", "DELETE");
  }

  @Test
  void theKeyGoesOnEveryPartCompleteAndListButNeverIntoTheSessionOrCheckpoint()
      throws Exception {
    stubs();
    byte[] data = new byte[6 << 20];
    new Random(3).nextBytes(data);
    Path file = Files.write(dir.resolve("k.bin"), data);
    Path checkpoint = dir.resolve("k.checkpoint");
    UploadSession session;
    try (S3MultipartClient s3 = client(false)) {
      session = s3.initiate(S3InitiateRequest.builder(UploadRequest.builder().key("k.bin")
          .partSize(5L << 20).contentLength((long) data.length).build())
          .serverSideEncryption(ServerSideEncryption.customerKey(KEY)).build());
      String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(KEY));
      assertThat(session.handles()).containsEntry("sseCustomerKeyMd5", md5);
      assertThat(session.toJson()).doesNotContain(KEY_B64);
      assertThat(session.toString()).doesNotContain(KEY_B64);
      assertThat(s3.toString()).doesNotContain(KEY_B64);
      // The same client holds the key it started with: the uploader sends the parts.
      MultipartUploader.builder(s3).concurrency(1).build().upload(file, session,
          TransferOptions.builder().checkpoint(checkpoint).progressListener(p -> {
            if (Files.exists(checkpoint)) {
              try {
                assertThat(Files.readString(checkpoint)).doesNotContain(KEY_B64);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }).build());
      s3.listParts(session);
      s3.abort(session);
    }
    List<LoggedRequest> sent = wm.findAll(anyRequestedFor(anyUrl())).stream()
        .filter(r -> !probe(r)).toList();
    assertThat(sent).extracting(r -> r.getMethod().getName())
        .containsExactly("POST", "PUT", "PUT", "POST", "GET", "DELETE");
    for (LoggedRequest r : sent) {
      boolean abort = r.getMethod().getName().equals("DELETE");
      assertThat(r.getHeader("x-amz-server-side-encryption-customer-key"))
          .as(r.getMethod().getName() + " " + r.getUrl()).isEqualTo(abort ? null : KEY_B64);
      if (!abort) {
        assertThat(r.getHeader("x-amz-server-side-encryption-customer-algorithm"))
            .isEqualTo("AES256");
        assertThat(r.getHeader("x-amz-server-side-encryption-customer-key-MD5"))
            .isEqualTo(session.handles().get("sseCustomerKeyMd5"));
        assertThat(r.getHeader("Authorization"))
            .contains("x-amz-server-side-encryption-customer-key;");
      }
    }
  }

  @Test
  void aClientWithoutTheKeyRefusesBeforeAnyCallAndOneGivenItCarriesOn() throws Exception {
    stubs();
    UploadSession started;
    try (S3MultipartClient s3 = client(false)) {
      started = s3.initiate(S3InitiateRequest.builder(UploadRequest.builder().key("k.bin").build())
          .serverSideEncryption(ServerSideEncryption.customerKey(KEY)).build());
    }
    UploadSession resumed = UploadSession.fromJson(started.toJson());
    int before = wm.findAll(anyRequestedFor(anyUrl())).size();
    try (S3MultipartClient other = client(false)) {
      InvalidRequestException e = catchThrowableOfType(() -> other.uploadPart(resumed, 1,
          io.unipart.PartContent.ofBytes(new byte[10])), InvalidRequestException.class);
      assertThat(e.field()).isEqualTo("session");
      assertThat(e.getMessage()).contains("SSE-C").contains("customerKey(");
      assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(before);
    }
    try (S3MultipartClient keyed = client(true)) {
      keyed.uploadPart(resumed, 1, io.unipart.PartContent.ofBytes(new byte[10]));
    }
    List<LoggedRequest> sent = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent.get(sent.size() - 1).getHeader("x-amz-server-side-encryption-customer-key"))
        .isEqualTo(KEY_B64);
    InvalidRequestException notC = catchThrowableOfType(() -> S3MultipartClient.builder()
        .customerKey(ServerSideEncryption.s3()), InvalidRequestException.class);
    assertThat(notC.field()).isEqualTo("customerKey");
  }

  @Test
  void aPresignedUrlIsRefusedForAnSseCSession() {
    stubs();
    try (S3MultipartClient s3 = client(true)) {
      UploadSession s = s3.initiate(S3InitiateRequest.builder(UploadRequest.builder().key("k.bin")
          .build())
          .serverSideEncryption(ServerSideEncryption.customerKey(KEY)).build());
      InvalidRequestException e = catchThrowableOfType(() -> s3.presignPart(s, 1,
          java.time.Duration.ofMinutes(5)), InvalidRequestException.class);
      assertThat(e.getMessage()).contains("SSE-C");
    }
  }
}
