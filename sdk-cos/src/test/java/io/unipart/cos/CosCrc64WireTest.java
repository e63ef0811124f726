package io.unipart.cos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.qcloud.cos.utils.CRC64;
import io.unipart.ChecksumMismatchException;
import io.unipart.MultipartUploader;
import io.unipart.UploadFailedException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * COS's CRC-64 checked end to end, as Tencent's SDK checks it: each part's {@code
 * x-cos-hash-crc64ecma} against the CRC-64 of the bytes sent, and complete's against the parts'
 * combined; a mismatch fails the upload. The expected values come from Tencent's own {@code
 * CRC64} (test scope).
 */
class CosCrc64WireTest {
  static final int MIB = 1 << 20;

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  @TempDir Path dir;

  CosMultipartClient client() {
    return CosMultipartClient.builder().region("ap-guangzhou").bucket("media-1250000000")
        .endpoint("http://127.0.0.1:" + wm.getPort()).allowPlainHttp(true)
        .credentials(CosCredentials.of("AKIDEXAMPLE", "secret")).sleeper(d -> { }).build();
  }

  static String crc64(byte[] bytes, int from, int to) {
    CRC64 c = new CRC64();
    byte[] slice = Arrays.copyOfRange(bytes, from, to);
    c.update(slice, slice.length);
    return Long.toUnsignedString(c.getValue());
  }

  void stubs(byte[] data, String objectCrc) {
    wm.stubFor(post(urlMatching(".*\\?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket><Key>k</Key>"
            + "<UploadId>up</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(urlMatching(".*partNumber=1&.*")).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"e1\"").withHeader("x-cos-hash-crc64ecma",
            crc64(data, 0, MIB))));
    wm.stubFor(put(urlMatching(".*partNumber=2&.*")).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"e2\"").withHeader("x-cos-hash-crc64ecma",
            crc64(data, MIB, data.length))));
    wm.stubFor(post(urlMatching(".*\\?uploadId=up")).willReturn(aResponse().withStatus(200)
        .withHeader("x-cos-hash-crc64ecma", objectCrc)
        .withBody("<CompleteMultipartUploadResult><Location>l</Location><Bucket>b</Bucket>"
            + "<Key>k</Key><ETag>\"x-2\"</ETag></CompleteMultipartUploadResult>")));
    wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.delete(urlMatching(".*"))
        .willReturn(aResponse().withStatus(204)));
  }

  @Test
  void eachPartAndTheObjectAreCheckedAgainstCosCrc64() throws Exception {
    byte[] data = new byte[MIB + 12345];
    new Random(64).nextBytes(data);
    Path file = Files.write(dir.resolve("k.bin"), data);
    stubs(data, crc64(data, 0, data.length));
    UploadResult result;
    try (CosMultipartClient cos = client()) {
      result = MultipartUploader.builder(cos).concurrency(1).build().upload(file,
          UploadRequest.builder().key("k").partSize((long) MIB).build());
    }
    assertThat(result.checksum().get().algorithm()).isEqualTo("CRC64ECMA");
    assertThat(result.checksum().get().value()).isEqualTo(crc64(data, 0, data.length));
    assertThat(result.parts().get(1).checksum().get().value())
        .isEqualTo(crc64(data, MIB, data.length));
  }

  @Test
  void anObjectWhoseCrc64DiffersFailsTheUpload() throws Exception {
    byte[] data = new byte[MIB + 10];
    new Random(65).nextBytes(data);
    Path file = Files.write(dir.resolve("k.bin"), data);
    stubs(data, "12345");
    UploadFailedException e;
    try (CosMultipartClient cos = client()) {
      e = catchThrowableOfType(() -> MultipartUploader.builder(cos).build().upload(file,
          UploadRequest.builder().key("k").partSize((long) MIB).build()),
          UploadFailedException.class);
    }
    assertThat(e.getCause()).isInstanceOf(ChecksumMismatchException.class);
    ChecksumMismatchException mismatch = (ChecksumMismatchException) e.getCause();
    assertThat(mismatch.serverValue()).isEqualTo("12345");
    assertThat(mismatch.localValue()).isEqualTo(crc64(data, 0, data.length));
  }

  @Test
  void aPartWhoseCrc64DiffersFails() {
    wm.stubFor(put(urlMatching(".*")).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"e\"").withHeader("x-cos-hash-crc64ecma", "1")));
    try (CosMultipartClient cos = client()) {
      ChecksumMismatchException e = catchThrowableOfType(() -> cos.uploadPart(
          io.unipart.UploadSession.builder().dialect("cos").uploadId("up")
              .destination("media-1250000000").key("k").initiatedAt(java.time.Instant.EPOCH)
              .build(), 1, io.unipart.PartContent.ofBytes(new byte[] {1, 2, 3})),
          ChecksumMismatchException.class);
      assertThat(e.localValue()).isEqualTo(crc64(new byte[] {1, 2, 3}, 0, 3));
    }
  }
}
