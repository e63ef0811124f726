package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartUploader;
import io.unipart.PartContent;
import io.unipart.UploadSession;
import io.unipart.http.OkHttpTransport;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store presets carry what the conformance suite found each store doing: Swift's s3api is
 * never sent aws-chunked (its signed SHA-256 instead, no 501 first), keeps within 1,000 parts, and
 * refuses checksums up front; Ceph gets a flexible checksum beside Content-MD5 in headers, never
 * in the trailer it refuses. Hashes are computed here with the JDK.
 */
class S3PresetsTest {
  static final String OBJECT = "/media/k.bin";

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().dynamicHttpsPort().gzipDisabled(true)).build();

  static UploadSession session(String checksum) {
    UploadSession.Builder b = UploadSession.builder().dialect("s3").uploadId("up-1")
        .destination("media").key("k.bin").initiatedAt(Instant.EPOCH);
    if (checksum != null) {
      b.handle(io.unipart.internal.xml.XmlMultipartProtocol.CHECKSUM_ALGORITHM_HANDLE, checksum);
    }
    return b.build();
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /**
   * MinIO as its documentation describes a default server: the bucket in the path, region
   * us-east-1; what it checks is not in its documentation, so it is probed like any endpoint
   * (here the probe cannot start, so each part's ETag is held to its MD5).
   */
  /**
   * Parts of different sizes (a stream's growing parts) only where they are known to be taken:
   * AWS itself (its limits are per part) and Ceph (the conformance suite); not on a plain
   * endpoint, which may be a store that wants one size (Cloudflare R2), nor on the presets whose
   * stores are not shown to take them.
   */
  @Test
  void partsOfDifferentSizesOnlyWhereTheStoreIsKnownToTakeThem() {
    java.util.function.Function<S3MultipartClient.Builder, Boolean> mixed = b -> {
      try (S3MultipartClient c = b.bucket("media").credentials(AwsCredentials.of("AKID", "s"))
          .build()) {
        return c.capabilities().partSizesMayDiffer();
      }
    };
    assertThat(mixed.apply(S3MultipartClient.builder().aws("eu-west-1"))).isTrue();
    assertThat(mixed.apply(S3MultipartClient.builder()
        .endpoint("https://s3.eu-west-1.amazonaws.com").region("eu-west-1"))).isTrue();
    assertThat(mixed.apply(S3MultipartClient.builder().ceph("http://127.0.0.1:7480")))
        .isTrue();
    assertThat(mixed.apply(S3MultipartClient.builder()
        .endpoint("https://account.r2.cloudflarestorage.com").region("auto"))).isFalse();
    assertThat(mixed.apply(S3MultipartClient.builder().minio("http://127.0.0.1:9000")))
        .isFalse();
    assertThat(mixed.apply(S3MultipartClient.builder().swift("http://127.0.0.1:8080")))
        .isFalse();
    assertThat(mixed.apply(S3MultipartClient.builder().jdcloud("cn-north-1"))).isFalse();
  }

  @Test
  void minioIsAddressedByPathInUsEast1AndItsChecksAreProbed() throws Exception {
    wm.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)));
    byte[] data = bytes(200_000);
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    wm.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"" + md5 + "\"")));
    try (S3MultipartClient s3 = S3MultipartClient.builder()
        .minio("http://localhost:" + wm.getPort()).bucket("media")
        .credentials(AwsCredentials.of("minioadmin", "minioadmin")).build()) {
      assertThat(s3.uploadPart(session(null), 1, PartContent.ofBytes(data)).check())
          .contains(io.unipart.PartCheck.ETAG_MD5);
    }
    List<LoggedRequest> probes = wm.findAll(com.github.tomakehurst.wiremock.client.WireMock
        .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
            "/media/\\.unipart-part-check-probe-.*")));
    assertThat(probes).hasSize(1);
    List<LoggedRequest> sent = wm.findAll(putRequestedFor(urlPathEqualTo(OBJECT)));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).getHeader("Host")).startsWith("localhost:");
    assertThat(sent.get(0).getHeader("Authorization")).contains("/us-east-1/s3/aws4_request");
  }

  @Test
  void swiftIsSentTheSignedSha256OverHttpNeverAwsChunked() throws Exception {
    wm.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"e\"")));
    byte[] data = bytes(300_000);
    try (S3MultipartClient s3 = S3MultipartClient.builder()
        .swift("http://127.0.0.1:" + wm.getPort()).bucket("media")
        .credentials(AwsCredentials.of("test:tester", "testing")).build()) {
      s3.uploadPart(session(null), 1, PartContent.ofBytes(data));
    }
    List<LoggedRequest> sent = wm.findAll(putRequestedFor(urlPathEqualTo(OBJECT)));
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).containsHeader("Content-Encoding")).isFalse();
    assertThat(sent.get(0).getHeader("x-amz-content-sha256")).isEqualTo(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    assertThat(sent.get(0).getHeader("Authorization")).contains("/us-east-1/s3/aws4_request");
  }

  @Test
  void swiftPlansAtMostAThousandPartsAndRefusesChecksumsAndStreaming() {
    try (S3MultipartClient s3 = S3MultipartClient.builder().swift("http://127.0.0.1:1")
        .bucket("media").credentials(AwsCredentials.of("a", "b")).build()) {
      assertThat(s3.capabilities().maxPartCount()).isEqualTo(1_000);
      long tenGiB = 10L << 30;
      long partSize = MultipartUploader.builder(s3).build().partSizeFor(tenGiB);
      assertThat((tenGiB + partSize - 1) / partSize).isLessThanOrEqualTo(1_000);
    }
    InvalidRequestException checksum = catchThrowableOfType(() -> S3MultipartClient.builder()
        .swift("http://127.0.0.1:1").bucket("media").credentials(AwsCredentials.of("a", "b"))
        .checksumAlgorithm(ChecksumAlgorithm.CRC32).build(), InvalidRequestException.class);
    assertThat(checksum.field()).isEqualTo("checksumAlgorithm");
    assertThat(checksum.getMessage()).contains("MalformedXML");
    InvalidRequestException streaming = catchThrowableOfType(() -> S3MultipartClient.builder()
        .swift("http://127.0.0.1:1").bucket("media").credentials(AwsCredentials.of("a", "b"))
        .payloadSigning(PayloadSigning.STREAMING).build(), InvalidRequestException.class);
    assertThat(streaming.field()).isEqualTo("payloadSigning");
  }

  @Test
  void cephGetsAChecksumBesideContentMd5InHeadersNotInATrailer() throws Exception {
    wm.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"e\"")));
    byte[] data = bytes(200_000);
    try (S3MultipartClient s3 = S3MultipartClient.builder()
        .ceph("https://127.0.0.1:" + wm.getHttpsPort()).bucket("media")
        .credentials(AwsCredentials.of("a", "b")).checksumAlgorithm(ChecksumAlgorithm.CRC32C)
        .transport(OkHttpTransport.create(FlexibleChecksumWireTest.trustingLoopback()))
        .build()) {
      s3.uploadPart(session("CRC32C"), 1, PartContent.ofBytes(data));
    }
    List<LoggedRequest> sent = wm.findAll(putRequestedFor(urlPathEqualTo(OBJECT)));
    assertThat(sent).hasSize(1);
    LoggedRequest part = sent.get(0);
    assertThat(part.containsHeader("Content-Encoding")).isFalse();
    assertThat(part.containsHeader("x-amz-trailer")).isFalse();
    assertThat(part.getHeader("Content-MD5")).isEqualTo(Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("MD5").digest(data)));
    assertThat(part.containsHeader("x-amz-checksum-crc32c")).isTrue();
    assertThat(part.getBody()).isEqualTo(data);
  }
}
