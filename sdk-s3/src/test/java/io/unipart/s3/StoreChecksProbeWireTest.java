package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.MultipartUploader;
import io.unipart.NotHonouredException;
import io.unipart.PartCheck;
import io.unipart.PartContent;
import io.unipart.UploadFailedException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plain endpoint proves, once per client and payload, which part checks its store makes: a
 * probe upload beside the key, a part with a wrong value (which a checking store refuses), the
 * same part right, and an abort. WireMock stands for two kinds of store: one that answers every
 * part 200 (as Adobe S3Mock does a wrong Content-MD5, signed SHA-256 or chunk signature; see
 * docs/COMPATIBILITY.md) and one that refuses the wrong value with S3's {@code BadDigest} or
 * {@code XAmzContentSHA256Mismatch} and takes the right one. The wrong values are checked here
 * against the bytes WireMock received, not against what the client meant to send.
 */
class StoreChecksProbeWireTest {
  private static final String PROBE = "/media/k-dir/\\.unipart-part-check-probe-[0-9a-f-]+";
  private static final String OBJECT = "/media/k-dir/k.bin";
  private static final String UPLOAD_ID = "up-1";

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().gzipDisabled(true)).build();

  private final List<S3MultipartClient> clients = new java.util.ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(S3MultipartClient::close);
  }

  private S3MultipartClient client(PayloadSigning signing, boolean probe) {
    S3MultipartClient c = S3MultipartClient.builder()
        .endpoint("http://127.0.0.1:" + wm.getPort()).region("us-east-1").bucket("media")
        .credentials(AwsCredentials.of(S3WireTest.AK, S3WireTest.SK))
        .payloadSigning(signing).probeStoreChecks(probe).sleeper(d -> { }).build();
    clients.add(c);
    return c;
  }

  private static UploadSession session() {
    return UploadSession.builder().dialect("s3").uploadId(UPLOAD_ID).destination("media")
        .key("k-dir/k.bin").initiatedAt(java.time.Instant.EPOCH).build();
  }

  /** The probe upload: started, its part answered as given (in turn, the last repeating), aborted. */
  private static void probeStore(ResponseDefinitionBuilder... partAnswers) {
    wm.stubFor(post(urlMatching(PROBE + "\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket>"
            + "<UploadId>probe-1</UploadId></InitiateMultipartUploadResult>")));
    for (int i = 0; i < partAnswers.length; i++) {
      wm.stubFor(put(urlPathMatching(PROBE)).withQueryParam("uploadId", equalTo("probe-1"))
          .inScenario("probe").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "s" + i)
          .willSetStateTo("s" + (i + 1)).willReturn(partAnswers[i]));
    }
    wm.stubFor(put(urlPathMatching(PROBE)).withQueryParam("uploadId", equalTo("probe-1"))
        .inScenario("probe").whenScenarioStateIs("s" + partAnswers.length)
        .willReturn(partAnswers[partAnswers.length - 1]));
    wm.stubFor(delete(urlPathMatching(PROBE)).willReturn(aResponse().withStatus(204)));
  }

  private static ResponseDefinitionBuilder ok() {
    return aResponse().withStatus(200).withHeader("ETag", "\"probe-etag\"");
  }

  private static ResponseDefinitionBuilder refused(String code) {
    return aResponse().withStatus(400).withBody(S3WireTest.error(code, "wrong"));
  }

  /** The real upload's part, answered with the MD5 of its bytes as ETag, as S3 makes it. */
  private static void stubPart(int n, byte[] bytes, boolean md5Etag) throws Exception {
    String etag = md5Etag ? HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
        .digest(bytes)) : "not-an-md5";
    wm.stubFor(put(urlPathEqualTo(OBJECT)).withQueryParam("partNumber", equalTo("" + n))
        .withQueryParam("uploadId", equalTo(UPLOAD_ID))
        .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"" + etag + "\"")));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static List<LoggedRequest> probeParts() {
    return wm.findAll(putRequestedFor(urlPathMatching(PROBE)));
  }

  private static List<LoggedRequest> parts() {
    return wm.findAll(putRequestedFor(urlPathEqualTo(OBJECT)));
  }

  private static byte[] digest(String algorithm, byte[] body) throws Exception {
    return MessageDigest.getInstance(algorithm).digest(body);
  }

  @Test
  void aStoreThatTakesAWrongChunkSignatureGetsPartsWhoseEtagIsHeldToTheirMd5() throws Exception {
    probeStore(ok());
    byte[] one = bytes(300_000);
    byte[] two = bytes(200_000);
    stubPart(1, one, true);
    stubPart(2, two, true);
    S3MultipartClient c = client(PayloadSigning.AUTO, true);

    UploadedPart p1 = c.uploadPart(session(), 1, PartContent.ofBytes(one));
    UploadedPart p2 = c.uploadPart(session(), 2, PartContent.ofBytes(two));

    // One probe for the client: its upload started beside the key, one part with wrong chunk
    // signatures (taken with a 200, so no right one follows), then aborted.
    assertThat(wm.findAll(postRequestedFor(urlMatching(PROBE + "\\?uploads")))).hasSize(1);
    assertThat(probeParts()).singleElement().satisfies(r -> {
      assertThat(r.getHeader("x-amz-content-sha256"))
          .isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
      // The request to sign them wrongly is for our signer only; it never reaches the store.
      assertThat(r.containsHeader("x-unipart-probe")).isFalse();
    });
    assertThat(wm.findAll(deleteRequestedFor(urlPathMatching(PROBE)))).hasSize(1);
    // The parts then go as they are, each one's MD5 taken as it streams and held to its ETag.
    assertThat(parts()).hasSize(2).allSatisfy(r -> {
      assertThat(r.getHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
      assertThat(r.containsHeader("Content-Encoding")).isFalse();
    });
    assertThat(p1.check()).contains(PartCheck.ETAG_MD5);
    assertThat(p2.check()).contains(PartCheck.ETAG_MD5);
  }

  @Test
  void aStoreThatRefusesTheWrongSha256AndTakesTheRightOneIsTrustedWithIt() throws Exception {
    probeStore(refused("XAmzContentSHA256Mismatch"), ok());
    byte[] one = bytes(100_000);
    stubPart(1, one, false); // the ETag is not consulted: the store's check proves the part
    S3MultipartClient c = client(PayloadSigning.SHA256, true);

    UploadedPart p = c.uploadPart(session(), 1, PartContent.ofBytes(one));
    c.uploadPart(session(), 1, PartContent.ofBytes(one));

    List<LoggedRequest> probes = probeParts();
    assertThat(probes).hasSize(2);
    // As received: the first declares a SHA-256 that is not its body's, the second its own.
    String wrong = probes.get(0).getHeader("x-amz-content-sha256");
    String right = probes.get(1).getHeader("x-amz-content-sha256");
    assertThat(wrong).isNotEqualTo(HexFormat.of().formatHex(
        digest("SHA-256", probes.get(0).getBody())));
    assertThat(right).isEqualTo(HexFormat.of().formatHex(
        digest("SHA-256", probes.get(1).getBody())));
    assertThat(parts()).hasSize(2).allSatisfy(r -> assertThat(r.getHeader(
        "x-amz-content-sha256")).isEqualTo(HexFormat.of().formatHex(digest("SHA-256", one))));
    assertThat(p.check()).contains(PartCheck.SIGNED_SHA256);
    assertThat(wm.findAll(postRequestedFor(urlMatching(PROBE + "\\?uploads")))).hasSize(1);
  }

  @Test
  void besideAFlexibleChecksumOnlyThePayloadsOwnValueIsWrong() throws Exception {
    probeStore(ok());
    byte[] one = bytes(60_000);
    stubPart(1, one, true);
    S3MultipartClient c = S3MultipartClient.builder()
        .endpoint("http://127.0.0.1:" + wm.getPort()).region("us-east-1").bucket("media")
        .credentials(AwsCredentials.of(S3WireTest.AK, S3WireTest.SK))
        .checksumAlgorithm(ChecksumAlgorithm.CRC32).sleeper(d -> { }).build();
    clients.add(c);
    UploadSession withCrc = UploadSession.builder().dialect("s3").uploadId(UPLOAD_ID)
        .destination("media").key("k-dir/k.bin").initiatedAt(java.time.Instant.EPOCH)
        .handle("checksumAlgorithm", "CRC32").build();

    // A store that checks the checksum header but not the signed SHA-256 (as S3Mock) must not
    // pass for one that checks the SHA-256: the probe's CRC-32 is the right one.
    assertThat(c.uploadPart(withCrc, 1, PartContent.ofBytes(one)).check())
        .contains(PartCheck.ETAG_MD5);
    LoggedRequest wrong = probeParts().get(0);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(wrong.getBody());
    assertThat(wrong.getHeader("x-amz-checksum-crc32")).isEqualTo(Base64.getEncoder()
        .encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
    assertThat(wrong.getHeader("x-amz-content-sha256")).isNotEqualTo(HexFormat.of().formatHex(
        digest("SHA-256", wrong.getBody())));
  }

  @Test
  void aWrongContentMd5IsTheMd5OfOtherBytesAsReceived() throws Exception {
    probeStore(refused("BadDigest"), ok());
    byte[] one = bytes(50_000);
    stubPart(1, one, false);
    S3MultipartClient c = client(PayloadSigning.UNSIGNED, true);

    assertThat(c.uploadPart(session(), 1, PartContent.ofBytes(one)).check())
        .contains(PartCheck.CONTENT_MD5);

    List<LoggedRequest> probes = probeParts();
    assertThat(probes).hasSize(2);
    assertThat(probes.get(0).getHeader("Content-MD5")).isNotEqualTo(
        Base64.getEncoder().encodeToString(digest("MD5", probes.get(0).getBody())));
    assertThat(probes.get(1).getHeader("Content-MD5")).isEqualTo(
        Base64.getEncoder().encodeToString(digest("MD5", probes.get(1).getBody())));
  }

  @Test
  void aStoreThatRefusesTheRightValueTooIsNotCountedOn() throws Exception {
    probeStore(refused("BadDigest"), refused("InvalidRequest"));
    byte[] one = bytes(50_000);
    stubPart(1, one, true);
    S3MultipartClient c = client(PayloadSigning.UNSIGNED, true);

    UploadedPart p = c.uploadPart(session(), 1, PartContent.ofBytes(one));

    // The store refuses Content-MD5 itself: the part goes without it, in one read, its MD5 taken
    // as it streams and held to the ETag.
    assertThat(p.check()).contains(PartCheck.ETAG_MD5);
    assertThat(parts()).singleElement().satisfies(r -> {
      assertThat(r.containsHeader("Content-MD5")).isFalse();
      assertThat(r.getHeader("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
    });
  }

  @Test
  void anEtagThatIsNotTheMd5OnAStoreThatChecksNothingFailsLoudly() throws Exception {
    probeStore(ok());
    byte[] one = bytes(50_000);
    stubPart(1, one, false);
    S3MultipartClient c = client(PayloadSigning.AUTO, true);

    NotHonouredException e = catchThrowableOfType(
        () -> c.uploadPart(session(), 1, PartContent.ofBytes(one)), NotHonouredException.class);

    assertThat(e).isNotNull();
    assertThat(e.feature()).isEqualTo("part checks");
    assertThat(e.getMessage()).contains("nothing would prove", "up-1");
  }

  @Test
  void aProbeTheStoreWillNotStartLeavesEachEtagHeldToItsMd5() throws Exception {
    wm.stubFor(post(urlMatching(PROBE + "\\?uploads")).willReturn(aResponse().withStatus(403)
        .withBody(S3WireTest.error("AccessDenied", "no"))));
    byte[] one = bytes(50_000);
    stubPart(1, one, true);
    S3MultipartClient c = client(PayloadSigning.AUTO, true);

    assertThat(c.uploadPart(session(), 1, PartContent.ofBytes(one)).check())
        .contains(PartCheck.ETAG_MD5);
    assertThat(probeParts()).isEmpty();
  }

  @Test
  void aProbePartRefusedForItsAwsChunkedBodyMovesTheClientOffAwsChunked() throws Exception {
    ResponseDefinitionBuilder notImplemented = aResponse().withStatus(501).withBody(
        S3WireTest.error("NotImplemented",
            "A header you provided implies functionality that is not implemented"));
    probeStore(notImplemented, notImplemented, refused("XAmzContentSHA256Mismatch"), ok());
    byte[] one = bytes(50_000);
    stubPart(1, one, false);
    S3MultipartClient c = client(PayloadSigning.AUTO, true);

    UploadedPart p = c.uploadPart(session(), 1, PartContent.ofBytes(one));

    // Signed chunks refused, wrong and right alike: the signed SHA-256 is probed next, and
    // checked.
    List<LoggedRequest> probes = probeParts();
    assertThat(probes).extracting(r -> r.getHeader("x-amz-content-sha256")).startsWith(
        "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    assertThat(probes).hasSize(4);
    assertThat(p.check()).contains(PartCheck.SIGNED_SHA256);
    assertThat(parts()).singleElement().satisfies(r -> assertThat(r.containsHeader(
        "Content-Encoding")).isFalse());
  }

  @Test
  void aClientThatVouchesForItsStoreSendsNoProbe() throws Exception {
    byte[] one = bytes(50_000);
    stubPart(1, one, false);
    S3MultipartClient c = client(PayloadSigning.AUTO, false);

    assertThat(c.uploadPart(session(), 1, PartContent.ofBytes(one)).check())
        .contains(PartCheck.CHUNK_SIGNATURES);
    assertThat(wm.findAll(postRequestedFor(urlMatching(PROBE + ".*")))).isEmpty();
  }

  @Test
  void theResultCountsTheChecksAndTheCheckpointKeepsThem() throws Exception {
    probeStore(ok());
    byte[] all = bytes(6 * 1024 * 1024);
    wm.stubFor(post(urlMatching(OBJECT + "\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody(S3WireTest.initiated("media", "k-dir/k.bin", UPLOAD_ID))));
    stubPart(1, java.util.Arrays.copyOfRange(all, 0, 5 * 1024 * 1024), true);
    stubPart(2, java.util.Arrays.copyOfRange(all, 5 * 1024 * 1024, all.length), true);
    wm.stubFor(post(urlMatching(OBJECT + "\\?uploadId=" + UPLOAD_ID)).willReturn(
        aResponse().withStatus(200).withBody("<CompleteMultipartUploadResult><Bucket>media"
            + "</Bucket><Key>k-dir/k.bin</Key><ETag>\"e-2\"</ETag>"
            + "</CompleteMultipartUploadResult>")));
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("probe");
    java.nio.file.Path file = java.nio.file.Files.write(dir.resolve("k.bin"), all);

    UploadResult result = MultipartUploader.builder(client(PayloadSigning.AUTO, true)).build()
        .upload(file, UploadRequest.builder().key("k-dir/k.bin").partSize(5L << 20).build());

    assertThat(result.partChecks()).isEqualTo(Map.of(PartCheck.ETAG_MD5, 2));
    assertThat(io.unipart.UploadCheckpoint.fromJson(io.unipart.UploadCheckpoint.fromJson(
        "{\"format\":1,\"session\":" + session().toJson() + ",\"partSize\":5,"
            + "\"contentLength\":10,\"parts\":[{\"partNumber\":1,\"etag\":\"e\",\"size\":5,"
            + "\"check\":\"SIGNED_SHA256\"},{\"partNumber\":2,\"etag\":\"e\",\"size\":5,"
            + "\"check\":\"A_CHECK_OF_A_LATER_VERSION\"}]}").toJson()).parts())
        .extracting(p -> p.check().orElse(null))
        .containsExactly(PartCheck.SIGNED_SHA256, null);
  }
}
