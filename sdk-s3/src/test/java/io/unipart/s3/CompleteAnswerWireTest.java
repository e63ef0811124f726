package io.unipart.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.RetryPolicy;
import io.unipart.ServiceException;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Complete's answer as Ceph RGW 16.2.15 gives it (seen by the store conformance suite): always
 * an empty {@code <ETag></ETag>}, and, once {@code host/bucket/key} reaches 1,024 characters, a
 * {@code <Location>} written past the end of its buffer ({@code &#x00;} and stack bytes) although
 * the object was made. The object's HEAD then decides: its ETag fills the empty one, and a body
 * that cannot be read is taken for a success only when the object's ETag is exactly the one these
 * parts make (MD5 of their MD5s, computed here with the JDK).
 */
class CompleteAnswerWireTest {
  static final String OBJECT = "/media/k.bin";
  static final String COMPLETE = OBJECT + "?uploadId=up-1";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  S3MultipartClient client = S3MultipartClient.builder()
      .endpoint("http://127.0.0.1:" + wm.getPort()).region("us-east-1").bucket("media")
      .credentials(AwsCredentials.of("AKID", "secret")).sleeper(d -> { })
      .retryPolicy(RetryPolicy.builder().maxAttempts(1).build()).build();

  @AfterEach
  void close() {
    client.close();
  }

  static UploadSession session() {
    return UploadSession.builder().dialect("s3").uploadId("up-1").destination("media")
        .key("k.bin").initiatedAt(Instant.EPOCH).build();
  }

  static final String MD5_1 = "0cc175b9c0f1b6a831c399e269772661";
  static final String MD5_2 = "92eb5ffee6ae2fec3ad71c777531578f";

  static List<UploadedPart> parts() {
    return List.of(UploadedPart.of(1, "\"" + MD5_1 + "\"", 5L << 20),
        UploadedPart.of(2, "\"" + MD5_2 + "\"", 1000));
  }

  static String composite() throws Exception {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    md5.update(HexFormat.of().parseHex(MD5_1));
    md5.update(HexFormat.of().parseHex(MD5_2));
    return HexFormat.of().formatHex(md5.digest()) + "-2";
  }

  static void headAnswers(String etag) {
    wm.stubFor(head(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"" + etag + "\"")
        .withHeader("Content-Length", String.valueOf((5L << 20) + 1000))));
  }

  @Test
  void anEmptyEtagInCompletesAnswerIsTakenFromTheObjectsHead() throws Exception {
    wm.stubFor(post(urlEqualTo(COMPLETE)).willReturn(aResponse().withStatus(200).withBody(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUploadResult"
            + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Location>localhost/media/k.bin"
            + "</Location><Bucket>media</Bucket><Key>k.bin</Key><ETag></ETag>"
            + "</CompleteMultipartUploadResult>")));
    headAnswers(composite());

    UploadResult result = client.complete(session(), parts());

    assertThat(result.etag()).hasValue("\"" + composite() + "\"");
    assertThat(result.location()).hasValue("localhost/media/k.bin");
    assertThat(wm.findAll(headRequestedFor(urlPathEqualTo(OBJECT)))).hasSize(1);
  }

  static void completeAnswersCephsOverrun() {
    wm.stubFor(post(urlEqualTo(COMPLETE)).willReturn(aResponse().withStatus(200).withBody(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUploadResult"
            + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Location>localhost/media/"
            + "k.bin&#x00;\u00ba\u0086i&#x0f;</Location><Bucket>media</Bucket><Key>k.bin</Key>"
            + "<ETag></ETag></CompleteMultipartUploadResult>")));
  }

  @Test
  void anUnreadableSuccessIsTakenWhenTheObjectIsExactlyTheOneThesePartsMake() throws Exception {
    completeAnswersCephsOverrun();
    headAnswers(composite());

    UploadResult result = client.complete(session(), parts());

    assertThat(result.etag()).hasValue("\"" + composite() + "\"");
    assertThat(result.size()).isEqualTo((5L << 20) + 1000);
  }

  @Test
  void anUnreadableSuccessOverAnotherObjectStaysAFailure() {
    completeAnswersCephsOverrun();
    headAnswers("00000000000000000000000000000000-2");

    ServiceException e = catchThrowableOfType(() -> client.complete(session(), parts()),
        ServiceException.class);

    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(e.getMessage()).contains("unexpected response body");
  }
}
