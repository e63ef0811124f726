package io.unipart.s3;

import io.unipart.http.OkHttpTransport;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.ChecksumMismatchException;
import io.unipart.PartContent;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.SdkChecksum;

/**
 * S3 flexible checksums on the wire, over https as on AWS: on by default (CRC32) for an AWS
 * endpoint and off for others; each part sent once, aws-chunked with the checksum in an unsigned
 * trailer; the parts' checksums listed in complete; S3's per-part and object answers checked,
 * a mismatch failing. Checksum values are computed by AWS's own SDK ({@code SdkChecksum}, test
 * scope), not by unipart.
 */
class FlexibleChecksumWireTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().dynamicHttpsPort().gzipDisabled(true)).build();

  static OkHttpClient trustingLoopback() throws Exception {
    X509TrustManager all = new X509TrustManager() {
      @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
      @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
      @Override public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {all}, new SecureRandom());
    return new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), all)
        .hostnameVerifier((h, s) -> true)
        .dns(h -> List.of(InetAddress.getLoopbackAddress())).build();
  }

  S3MultipartClient awsClient() throws Exception {
    return S3MultipartClient.builder()
        .endpoint("https://s3.us-east-1.amazonaws.com:" + wm.getHttpsPort()).region("us-east-1")
        .bucket("media").credentials(AwsCredentials.of("AKID", "secret"))
        .transport(OkHttpTransport.create(trustingLoopback())).sleeper(d -> { }).build();
  }

  static String crc32(byte[] bytes) {
    SdkChecksum c = SdkChecksum.forAlgorithm(DefaultChecksumAlgorithm.CRC32);
    c.update(bytes, 0, bytes.length);
    return Base64.getEncoder().encodeToString(c.getChecksumBytes());
  }

  static String composite(String... partChecksums) {
    SdkChecksum c = SdkChecksum.forAlgorithm(DefaultChecksumAlgorithm.CRC32);
    for (String p : partChecksums) {
      byte[] raw = Base64.getDecoder().decode(p);
      c.update(raw, 0, raw.length);
    }
    return Base64.getEncoder().encodeToString(c.getChecksumBytes()) + "-" + partChecksums.length;
  }

  /** The payload inside an aws-chunked body, and its trailer line. */
  static String[] decodeChunked(byte[] body) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    int i = 0;
    while (true) {
      int eol = indexOf(body, i);
      int size = Integer.parseInt(new String(body, i, eol - i, StandardCharsets.US_ASCII), 16);
      i = eol + 2;
      if (size == 0) {
        break;
      }
      payload.write(body, i, size);
      i += size + 2;
    }
    int eol = indexOf(body, i);
    String trailer = new String(body, i, eol - i, StandardCharsets.US_ASCII);
    assertThat(new String(body, eol, body.length - eol, StandardCharsets.US_ASCII))
        .isEqualTo("\r\n\r\n");
    return new String[] {new String(payload.toByteArray(), StandardCharsets.ISO_8859_1), trailer};
  }

  static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length - 1; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    throw new AssertionError("no CRLF after " + from);
  }

  @Test
  void anAwsEndpointSendsEachPartOnceWithItsCrc32InATrailerAndChecksTheObject()
      throws Exception {
    byte[] one = new byte[70_000];
    byte[] two = "the last part".getBytes(StandardCharsets.UTF_8);
    new Random(7).nextBytes(one);
    String c1 = crc32(one);
    String c2 = crc32(two);
    wm.stubFor(post(urlMatching("/k\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k</Key><UploadId>"
            + "up</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(urlMatching("/k\\?partNumber=1.*")).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"e1\"").withHeader("x-amz-checksum-crc32", c1)));
    wm.stubFor(put(urlMatching("/k\\?partNumber=2.*")).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"e2\"").withHeader("x-amz-checksum-crc32", c2)));
    wm.stubFor(post(urlMatching("/k\\?uploadId=up")).willReturn(aResponse().withStatus(200)
        .withBody("<CompleteMultipartUploadResult><Bucket>media</Bucket><Key>k</Key><ETag>\"x-2\""
            + "</ETag><ChecksumCRC32>" + composite(c1, c2) + "</ChecksumCRC32><ChecksumType>"
            + "COMPOSITE</ChecksumType></CompleteMultipartUploadResult>")));

    UploadResult result;
    try (S3MultipartClient s3 = awsClient()) {
      UploadSession s = s3.initiate(UploadRequest.builder().key("k").build());
      assertThat(s.handles()).containsEntry("checksumAlgorithm", "CRC32");
      UploadSession again = UploadSession.fromJson(s.toJson());
      UploadedPart p1 = s3.uploadPart(again, 1, PartContent.ofBytes(one));
      UploadedPart p2 = s3.uploadPart(again, 2, PartContent.ofBytes(two));
      assertThat(p1.checksum().get().value()).isEqualTo(c1);
      result = s3.complete(again, List.of(p1, p2));
    }
    assertThat(result.checksum().get().algorithm()).isEqualTo("CRC32");
    assertThat(result.checksum().get().value()).isEqualTo(composite(c1, c2));

    LoggedRequest initiate = wm.findAll(postRequestedFor(urlMatching(".*\\?uploads"))).get(0);
    assertThat(initiate.getHeader("x-amz-checksum-algorithm")).isEqualTo("CRC32");
    assertThat(initiate.getHeader("x-amz-checksum-type")).isEqualTo("COMPOSITE");
    LoggedRequest part = wm.findAll(putRequestedFor(urlMatching(".*partNumber=1.*"))).get(0);
    assertThat(part.getHeader("Content-Encoding")).isEqualTo("aws-chunked");
    assertThat(part.getHeader("x-amz-content-sha256"))
        .isEqualTo("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    assertThat(part.getHeader("x-amz-trailer")).isEqualTo("x-amz-checksum-crc32");
    assertThat(part.getHeader("x-amz-decoded-content-length")).isEqualTo("70000");
    assertThat(part.containsHeader("Content-MD5")).isFalse();
    assertThat(Long.parseLong(part.getHeader("Content-Length"))).isEqualTo(part.getBody().length);
    String[] decoded = decodeChunked(part.getBody());
    assertThat(decoded[0].getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(one);
    assertThat(decoded[1]).isEqualTo("x-amz-checksum-crc32:" + c1);
    String complete = wm.findAll(postRequestedFor(urlMatching(".*\\?uploadId=up"))).get(0)
        .getBodyAsString();
    assertThat(complete).contains("<PartNumber>1</PartNumber><ETag>\"e1\"</ETag><ChecksumCRC32>"
        + c1 + "</ChecksumCRC32>");
  }

  @Test
  void aPartWhoseChecksumS3DisputesFailsAndSoDoesAWrongObjectChecksum() throws Exception {
    byte[] bytes = "some bytes".getBytes(StandardCharsets.UTF_8);
    wm.stubFor(put(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")
        .withHeader("x-amz-checksum-crc32", "AAAAAA==")));
    wm.stubFor(post(urlMatching("/k\\?uploadId=up")).willReturn(aResponse().withStatus(200)
        .withBody("<CompleteMultipartUploadResult><Key>k</Key><ChecksumCRC32>AAAAAA==-1"
            + "</ChecksumCRC32></CompleteMultipartUploadResult>")));
    UploadSession s = UploadSession.builder().dialect("s3").uploadId("up").destination("media")
        .key("k").initiatedAt(java.time.Instant.EPOCH).handle("checksumAlgorithm", "CRC32")
        .build();
    try (S3MultipartClient s3 = awsClient()) {
      ChecksumMismatchException part = catchThrowableOfType(() -> s3.uploadPart(s, 1,
          PartContent.ofBytes(bytes)), ChecksumMismatchException.class);
      assertThat(part.getMessage()).contains("part 1");
      assertThat(part.localValue()).isEqualTo(crc32(bytes));
      ChecksumMismatchException object = catchThrowableOfType(() -> s3.complete(s,
          List.of(UploadedPart.of(1, "\"e\"", bytes.length).withChecksum(
              io.unipart.Checksum.of("CRC32", crc32(bytes))))), ChecksumMismatchException.class);
      assertThat(object.localValue()).isEqualTo(composite(crc32(bytes)));
      assertThat(object.serverValue()).isEqualTo("AAAAAA==-1");
    }
  }

  @Test
  void otherEndpointsSendNoChecksumUnlessAsked() throws Exception {
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k</Key><UploadId>"
            + "up</UploadId></InitiateMultipartUploadResult>")));
    try (S3MultipartClient plain = S3MultipartClient.builder()
        .endpoint("http://127.0.0.1:" + wm.getPort()).region("us-east-1").bucket("media")
        .pathStyle(true).credentials(AwsCredentials.of("AKID", "secret")).build()) {
      assertThat(plain.initiate(UploadRequest.builder().key("k").build()).handles())
          .doesNotContainKey("checksumAlgorithm");
    }
    try (S3MultipartClient off = S3MultipartClient.builder()
        .endpoint("https://s3.us-east-1.amazonaws.com:" + wm.getHttpsPort()).region("us-east-1")
        .bucket("media").credentials(AwsCredentials.of("AKID", "secret"))
        .checksumAlgorithm(null).transport(OkHttpTransport.create(trustingLoopback())).build()) {
      assertThat(off.initiate(UploadRequest.builder().key("k").build()).handles())
          .doesNotContainKey("checksumAlgorithm");
    }
    assertThat(wm.findAll(postRequestedFor(anyUrl())))
        .allSatisfy(r -> assertThat(r.containsHeader("x-amz-checksum-algorithm")).isFalse());
  }
}
