package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.PartContent;
import io.unipart.ServiceException;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import io.unipart.http.OkHttpTransport;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.SdkChecksum;

/**
 * A store that does not take aws-chunked bodies says so in one of several ways; each makes the
 * client send the part again with the same guarantee without the encoding (signed chunks: the
 * signed SHA-256 of the whole part; a checksum trailer: the checksum in a header, with
 * Content-MD5), and every later part of that client goes so at once. Any other refusal reaches
 * the caller as it is, sent once. The store is WireMock answering as each store does; the hashes
 * the resent part must carry are computed here with the JDK and AWS's SDK, not with unipart.
 */
class ChunkedRefusalWireTest {
  static final String OBJECT = "/media/k.bin";
  static final String UPLOAD_ID = "up-1";

  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().dynamicHttpsPort().gzipDisabled(true)).build();

  S3MultipartClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  static UploadSession session() {
    return UploadSession.builder().dialect("s3").uploadId(UPLOAD_ID).destination("media")
        .key("k.bin").initiatedAt(Instant.EPOCH).build();
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  /** Chunked parts get the refusal; any other part is taken. */
  static void stubStore(int status, String code, String message) {
    wm.stubFor(put(urlPathEqualTo(OBJECT)).atPriority(2).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"etag\"")));
    String body = code.isEmpty() ? "" : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
        + code + "</Code><Message>" + message + "</Message><RequestId>tx1</RequestId></Error>";
    wm.stubFor(put(urlPathEqualTo(OBJECT)).atPriority(1)
        .withHeader("Content-Encoding", equalTo("aws-chunked"))
        .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
            .withBody(body)));
  }

  static String sha256Hex(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  List<LoggedRequest> parts(int n) {
    return wm.findAll(putRequestedFor(urlPathEqualTo(OBJECT))
        .withQueryParam("partNumber", equalTo(String.valueOf(n))));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      // OpenStack Swift 2.30 s3api
      "501|NotImplemented|Transfering payloads in multiple chunks using aws-chunked is not"
          + " supported.",
      "411|MissingContentLength|You must provide the Content-Length HTTP header.",
      "411||",
      "400|XAmzContentSHA256Mismatch|The provided 'x-amz-content-sha256' header does not match"
          + " what was computed.",
      "400|InvalidArgument|x-amz-decoded-content-length is not supported",
      "400|InvalidRequest|The request uses aws-chunked Content-Encoding, which is not supported"})
  void signedChunksRefusedAreSentAgainAsTheSignedSha256AndSoIsEveryLaterPart(int status,
      String code, String message) throws Exception {
    stubStore(status, code == null ? "" : code, message);
    client = S3MultipartClient.builder()
        .probeStoreChecks(false).endpoint("http://127.0.0.1:" + wm.getPort())
        .region("us-east-1").bucket("media").credentials(AwsCredentials.of("AKID", "secret"))
        .sleeper(d -> { }).build();
    byte[] one = bytes(200_000);
    byte[] two = bytes(300_000);

    UploadedPart first = client.uploadPart(session(), 1, PartContent.ofBytes(one));
    UploadedPart second = client.uploadPart(session(), 2, PartContent.ofBytes(two));

    assertThat(first.etag()).hasValue("\"etag\"");
    assertThat(second.etag()).hasValue("\"etag\"");
    List<LoggedRequest> sent = parts(1);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).getHeader("x-amz-content-sha256"))
        .isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    assertThat(sent.get(1).containsHeader("Content-Encoding")).isFalse();
    assertThat(sent.get(1).getHeader("x-amz-content-sha256")).isEqualTo(sha256Hex(one));
    assertThat(sent.get(1).getBody()).isEqualTo(one);
    List<LoggedRequest> later = parts(2);
    assertThat(later).as("a later part goes without aws-chunked at once").hasSize(1);
    assertThat(later.get(0).getHeader("x-amz-content-sha256")).isEqualTo(sha256Hex(two));
  }

  @Test
  void aChecksumTrailerRefusedIsSentAgainWithTheChecksumAndContentMd5InHeaders()
      throws Exception {
    stubStore(501, "NotImplemented", "Transfering payloads in multiple chunks using aws-chunked"
        + " is not supported.");
    client = S3MultipartClient.builder()
        .probeStoreChecks(false).endpoint("https://127.0.0.1:" + wm.getHttpsPort())
        .region("us-east-1").bucket("media").credentials(AwsCredentials.of("AKID", "secret"))
        .checksumAlgorithm(ChecksumAlgorithm.CRC32)
        .transport(OkHttpTransport.create(FlexibleChecksumWireTest.trustingLoopback()))
        .sleeper(d -> { }).build();
    byte[] one = bytes(100_000);

    // A session started with CRC32 records it; the handle is what initiate's answer leaves.
    UploadSession crc32 = session().toBuilder().handle(
        io.unipart.internal.xml.XmlMultipartProtocol.CHECKSUM_ALGORITHM_HANDLE, "CRC32").build();
    UploadedPart part = client.uploadPart(crc32, 1, PartContent.ofBytes(one));

    List<LoggedRequest> sent = parts(1);
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).getHeader("x-amz-content-sha256"))
        .isEqualTo("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    LoggedRequest again = sent.get(1);
    assertThat(again.containsHeader("Content-Encoding")).isFalse();
    assertThat(again.containsHeader("x-amz-trailer")).isFalse();
    assertThat(again.getHeader("Content-MD5")).isEqualTo(Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("MD5").digest(one)));
    SdkChecksum crc = SdkChecksum.forAlgorithm(DefaultChecksumAlgorithm.CRC32);
    crc.update(one, 0, one.length);
    String expected = Base64.getEncoder().encodeToString(crc.getChecksumBytes());
    assertThat(again.getHeader("x-amz-checksum-crc32")).isEqualTo(expected);
    assertThat(again.getBody()).isEqualTo(one);
    assertThat(part.etag()).hasValue("\"etag\"");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "403|SignatureDoesNotMatch|The request signature we calculated does not match",
      "400|InvalidArgument|Part number must be an integer between 1 and 10000, inclusive",
      "400|EntityTooLarge|Your proposed upload exceeds the maximum allowed size",
      "404|NoSuchUpload|The specified upload does not exist"})
  void otherRefusalsOfAChunkedPartReachTheCallerSentOnce(int status, String code,
      String message) {
    stubStore(status, code, message);
    client = S3MultipartClient.builder()
        .probeStoreChecks(false).endpoint("http://127.0.0.1:" + wm.getPort())
        .region("us-east-1").bucket("media").credentials(AwsCredentials.of("AKID", "secret"))
        .sleeper(d -> { }).build();

    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> client.uploadPart(session(), 1, PartContent.ofBytes(bytes(1000))));

    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(parts(1)).hasSize(1);
    assertThat(parts(1).get(0).getHeader("x-amz-content-sha256"))
        .isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    assertThat(wm.findAll(putRequestedFor(urlPathEqualTo(OBJECT))
        .withHeader("Content-Encoding", absent()))).isEmpty();
  }
}
