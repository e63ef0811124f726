package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.UrlPattern;
import io.unipart.MultipartUploader;
import io.unipart.RetryPolicy;
import io.unipart.ServiceException;
import io.unipart.TransferOptions;
import io.unipart.UploadFailedException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload an earlier complete finished with its answer lost (found by a chaos run): the server
 * answers NoSuchUpload. Complete then looks the object up and accepts it only when its ETag is
 * the one exactly these parts make; a resume of such an upload completes from its checkpoint.
 */
class CompletedElsewhereWireTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  @TempDir Path dir;

  static final String OBJECT = "/media/k.bin";
  static final String NO_SUCH_UPLOAD = "<Error><Code>NoSuchUpload</Code><Message>gone</Message>"
      + "</Error>";

  S3MultipartClient client() {
    return S3MultipartClient.builder().probeStoreChecks(false)
        .endpoint("http://127.0.0.1:" + wm.getPort())
        .region("us-east-1").bucket("media").allowPlainHttp(true)
        .credentials(AwsCredentials.of("AKID", "secret")).sleeper(d -> { })
        .retryPolicy(RetryPolicy.builder().maxAttempts(1).build()).build();
  }

  static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }

  static String composite(String... md5s) throws Exception {
    MessageDigest all = MessageDigest.getInstance("MD5");
    for (String m : md5s) {
      all.update(HexFormat.of().parseHex(m));
    }
    return HexFormat.of().formatHex(all.digest()) + "-" + md5s.length;
  }

  static UrlPattern complete() {
    return urlEqualTo(OBJECT + "?uploadId=up-1");
  }

  /**
   * S3's {@code NoSuchUpload}, and the {@code NoSuchKey} some S3-compatible stores answer in its
   * place, end the same way: an {@link io.unipart.UploadNotFoundException} with the store's code,
   * and the lookup of a complete whose answer was lost.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"NoSuchUpload", "NoSuchKey"})
  void aFirstCompleteAnsweredUploadNotFoundAcceptsOnlyTheObjectThesePartsMake(String code)
      throws Exception {
    String a = md5("a".getBytes());
    String b = md5("b".getBytes());
    wm.stubFor(post(complete()).willReturn(aResponse().withStatus(404).withBody(
        NO_SUCH_UPLOAD.replace("NoSuchUpload", code))));
    wm.stubFor(head(urlEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Length", "2").withHeader("ETag", "\"" + composite(a, b) + "\"")));
    UploadSession session = UploadSession.builder().dialect("s3").uploadId("up-1")
        .destination("media").key("k.bin").initiatedAt(Instant.EPOCH).build();
    List<UploadedPart> parts = List.of(UploadedPart.of(1, "\"" + a + "\"", 1),
        UploadedPart.of(2, "\"" + b + "\"", 1));
    try (S3MultipartClient s3 = client()) {
      UploadResult r = s3.complete(session, parts);
      assertThat(r.etag()).hasValue("\"" + composite(a, b) + "\"");

      // The same size and part count, other parts: not ours, and said so.
      wm.stubFor(head(urlEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Length", "2").withHeader("ETag", "\"" + composite(b, a) + "\"")));
      io.unipart.UploadNotFoundException e = catchThrowableOfType(
          () -> s3.complete(session, parts), io.unipart.UploadNotFoundException.class);
      assertThat(e.errorCode()).isEqualTo(code);
      assertThat(e.httpStatus()).isEqualTo(404);

      // A part and a listing of the upload that is gone: the same type.
      wm.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(404)
          .withBody(NO_SUCH_UPLOAD.replace("NoSuchUpload", code))));
      wm.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(404)
          .withBody(NO_SUCH_UPLOAD.replace("NoSuchUpload", code))));
      assertThat(catchThrowableOfType(() -> s3.uploadPart(session, 1,
          io.unipart.PartContent.ofBytes("a".getBytes())), io.unipart.UploadNotFoundException.class)
          .errorCode()).isEqualTo(code);
      assertThat(catchThrowableOfType(() -> s3.listParts(session),
          io.unipart.UploadNotFoundException.class).errorCode()).isEqualTo(code);
    }
  }

  /**
   * Ceph RGW 16 answers complete of an upload that is gone 500 InternalError, and a listing of it
   * 404 NoSuchKey (docs/COMPATIBILITY.md): the listing tells, and the outcome is the one S3's
   * NoSuchUpload gets, with the store's own status and code kept.
   */
  @Test
  void aCompleteAnswered500ForAnUploadTheListingSaysIsGoneIsUploadNotFound() throws Exception {
    wm.stubFor(post(complete()).willReturn(aResponse().withStatus(500).withBody(
        "<Error><Code>InternalError</Code></Error>")));
    wm.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(404).withBody(
        NO_SUCH_UPLOAD.replace("NoSuchUpload", "NoSuchKey"))));
    UploadSession session = UploadSession.builder().dialect("s3").uploadId("up-1")
        .destination("media").key("k.bin").initiatedAt(Instant.EPOCH).build();
    try (S3MultipartClient s3 = client()) {
      io.unipart.UploadNotFoundException e = catchThrowableOfType(() -> s3.complete(session,
          List.of(UploadedPart.of(1, "\"" + md5("a".getBytes()) + "\"", 1))),
          io.unipart.UploadNotFoundException.class);
      assertThat(e).isNotNull();
      assertThat(e.httpStatus()).isEqualTo(500);
      assertThat(e.errorCode()).isEqualTo("InternalError");
    }

    // While the upload is still listed, a 500 stays what it is.
    wm.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200).withBody(
        "<ListPartsResult><Bucket>media</Bucket><Key>k.bin</Key><UploadId>up-1</UploadId>"
            + "<IsTruncated>false</IsTruncated></ListPartsResult>")));
    try (S3MultipartClient s3 = client()) {
      ServiceException e = catchThrowableOfType(() -> s3.complete(session,
          List.of(UploadedPart.of(1, "\"" + md5("a".getBytes()) + "\"", 1))),
          ServiceException.class);
      assertThat(e).isNotInstanceOf(io.unipart.UploadNotFoundException.class);
      assertThat(e.httpStatus()).isEqualTo(500);
    }
  }

  @Test
  void aResumeOfAnUploadAnEarlierCompleteFinishedCompletesFromTheCheckpoint() throws Exception {
    byte[] data = new byte[(5 << 20) + 100];
    new Random(5).nextBytes(data);
    Path file = Files.write(dir.resolve("k.bin"), data);
    Path checkpoint = dir.resolve("k.checkpoint");
    String p1 = md5(java.util.Arrays.copyOfRange(data, 0, 5 << 20));
    String p2 = md5(java.util.Arrays.copyOfRange(data, 5 << 20, data.length));
    wm.stubFor(post(urlEqualTo(OBJECT + "?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<UploadId>up-1</UploadId></InitiateMultipartUploadResult>")));
    wm.stubFor(put(urlPathEqualTo(OBJECT)).withQueryParam("partNumber",
            com.github.tomakehurst.wiremock.client.WireMock.equalTo("1"))
        .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"" + p1 + "\"")));
    wm.stubFor(put(urlPathEqualTo(OBJECT)).withQueryParam("partNumber",
            com.github.tomakehurst.wiremock.client.WireMock.equalTo("2"))
        .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"" + p2 + "\"")));
    // The complete's answer is lost: the client sees a failure, the server has the object.
    wm.stubFor(post(complete()).willReturn(aResponse().withStatus(500).withBody(
        "<Error><Code>InternalError</Code></Error>")));
    try (S3MultipartClient s3 = client()) {
      MultipartUploader uploader = MultipartUploader.builder(s3).concurrency(1).build();
      UploadFailedException kept = catchThrowableOfType(() -> uploader.upload(file,
          UploadRequest.builder().key("k.bin").partSize(5L << 20).build(),
          TransferOptions.builder().checkpoint(checkpoint).abortOnFailure(false).build()),
          UploadFailedException.class);
      assertThat(kept.checkpoint()).hasValue(checkpoint);

      wm.stubFor(get(urlMatching(OBJECT + "\\?max-parts=.*")).willReturn(aResponse()
          .withStatus(404).withBody(NO_SUCH_UPLOAD)));
      wm.stubFor(post(complete()).willReturn(aResponse().withStatus(404)
          .withBody(NO_SUCH_UPLOAD)));
      wm.stubFor(head(urlEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Length", String.valueOf(data.length))
          .withHeader("ETag", "\"" + composite(p1, p2) + "\"")));
      UploadResult r = uploader.resume(checkpoint, file);
      assertThat(r.size()).isEqualTo(data.length);
      assertThat(r.etag()).hasValue("\"" + composite(p1, p2) + "\"");
      assertThat(checkpoint).doesNotExist();
    }
  }
}
