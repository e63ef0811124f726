package io.unipart.cos;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartUploader;
import io.unipart.PartContent;
import io.unipart.ServiceException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** COS parts, complete, abort and list parts against scripted answers (WireMock). */
class CosUploadWireTest {
  static final String UPLOAD_ID =
      "1484727270323ddb949d528c629235314a9ead80f0ba5d993a3d76b460e6a9cceb9633b08e";
  static final String SECRET = "cos-secret";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().gzipDisabled(true))
          .build();

  @TempDir Path dir;
  CosMultipartClient client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
  }

  CosMultipartClient client() {
    client = CosMultipartClient.builder()
        .region("ap-guangzhou").bucket("media-1250000000")
        .endpoint("http://127.0.0.1:" + wm.getPort())
        .credentials(CosCredentials.of("AKIDEXAMPLE", SECRET))
        .sleeper(d -> {})
        .build();
    return client;
  }

  static UploadSession session() {
    return UploadSession.builder().dialect("cos").uploadId(UPLOAD_ID)
        .destination("media-1250000000").key("exampleobject").initiatedAt(Instant.EPOCH).build();
  }

  @Test
  void partNumbersMustBeConsecutiveBeforeAnyNetworkCall() {
    InvalidRequestException e = catchThrowableOfType(() -> client().complete(session(),
        List.of(UploadedPart.of(1, "\"a\"", 1), UploadedPart.of(3, "\"b\"", 1))),
        InvalidRequestException.class);
    assertThat(e.field()).isEqualTo("parts[1].partNumber");
    assertThat(e.rule()).contains("consecutive").contains("expected 2, was 3");

    InvalidRequestException first = catchThrowableOfType(() -> client().complete(session(),
        List.of(UploadedPart.of(2, "\"a\"", 1))), InvalidRequestException.class);
    assertThat(first.rule()).contains("expected 1, was 2");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aSessionOfAnotherBucketIsRefused() {
    InvalidRequestException e = catchThrowableOfType(() -> client().abort(
        session().toBuilder().destination("other-1250000000").build()),
        InvalidRequestException.class);
    assertThat(e.field()).isEqualTo("session");
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aPartIsASignedPutWithContentMd5() {
    wm.stubFor(put(urlPathEqualTo("/exampleobject")).willReturn(aResponse().withStatus(200)
        .withHeader("ETag", "\"a1f8e5e4d63ac6970a0062a6277e191fe09a1382\"")));

    UploadedPart p = client().uploadPart(session(), 7, PartContent.ofBytes(new byte[] {1, 2, 3}));

    assertThat(p.etag()).contains("\"a1f8e5e4d63ac6970a0062a6277e191fe09a1382\"");
    LoggedRequest r = wm.findAll(putRequestedFor(anyUrl())).get(0);
    String auth = r.getHeader("Authorization");
    assertThat(field(auth, "q-header-list")).contains("content-md5").contains("content-length");
    assertThat(field(auth, "q-url-param-list")).isEqualTo("partnumber;uploadid");
    assertThat(r.getHeader("Content-MD5")).isEqualTo("Uonfc331cyb83SJZevsfrA==");

    // The signature itself is checked against Tencent's COSSigner, part PUTs with Content-MD5
    // included, in CosSdkSignerOracleTest; here: what was signed is what went on the wire.
    assertThat(r.getHeader("Content-Length")).isEqualTo("3");
    assertThat(r.getUrl()).isEqualTo("/exampleobject?partNumber=7&uploadId=" + UPLOAD_ID);
  }

  @Test
  void aWholeFileGoesUpInConsecutiveParts() throws Exception {
    wm.stubFor(post(urlEqualTo("/exampleobject?uploads")).willReturn(aResponse().withStatus(200)
        .withBody("<InitiateMultipartUploadResult><Bucket>media-1250000000</Bucket>"
            + "<Key>exampleobject</Key><UploadId>" + UPLOAD_ID + "</UploadId>"
            + "</InitiateMultipartUploadResult>")));
    for (int n = 1; n <= 4; n++) {
      wm.stubFor(put(urlPathEqualTo("/exampleobject"))
          .withQueryParam("partNumber", equalTo(String.valueOf(n)))
          .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e" + n + "\"")));
    }
    wm.stubFor(post(urlEqualTo("/exampleobject?uploadId=" + UPLOAD_ID)).willReturn(aResponse()
        .withStatus(200).withHeader("x-cos-request-id", "NTg3ZjI5MzlfOTgxZjRlXzZhYjNf")
        .withBody("<CompleteMultipartUploadResult><Location>media-1250000000.cos.ap-guangzhou"
            + ".myqcloud.com/exampleobject</Location><Bucket>media-1250000000</Bucket>"
            + "<Key>exampleobject</Key><ETag>\"aa259a62513358f69e98e72e59856d88-4\"</ETag>"
            + "</CompleteMultipartUploadResult>")));
    byte[] bytes = new byte[(3 << 20) + 5];
    new Random(3).nextBytes(bytes);
    Path file = Files.write(dir.resolve("f"), bytes);

    UploadResult result = MultipartUploader.builder(client()).build().upload(file,
        UploadRequest.builder().key("exampleobject").partSize(1L << 20).build());

    assertThat(result.parts()).extracting(UploadedPart::partNumber).containsExactly(1, 2, 3, 4);
    assertThat(result.size()).isEqualTo(bytes.length);
    assertThat(result.requestId()).contains("NTg3ZjI5MzlfOTgxZjRlXzZhYjNf");
    assertThat(result.location()).contains(
        "media-1250000000.cos.ap-guangzhou.myqcloud.com/exampleobject");
    LoggedRequest complete = wm.findAll(postRequestedFor(
        urlEqualTo("/exampleobject?uploadId=" + UPLOAD_ID))).get(0);
    assertThat(complete.getHeader("Content-Type")).isEqualTo("application/xml");
    assertThat(complete.getBodyAsString()).contains("<PartNumber>4</PartNumber>");
  }

  @Test
  void listPartsReadsTheDocumentedSample() {
    // Verbatim from COS's List Parts page (436/7747): 40-hex ETag and a non-RFC date.
    wm.stubFor(get(urlPathEqualTo("/exampleobject")).willReturn(aResponse().withStatus(200)
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\" ?><ListPartsResult><Bucket>"
            + "examplebucket-1250000000</Bucket><Encoding-type/><Key>exampleobject</Key>"
            + "<UploadId>14846420620b1f381e5d7b057692e131dd8d72dfa28f2633cfbbe4d0a9e8bd0719933545b0"
            + "</UploadId><Initiator><ID>1250000000</ID><DisplayName>1250000000</DisplayName>"
            + "</Initiator><Owner><ID>qcs::cam::uin/100000000001:uin/100000000001</ID>"
            + "<DisplayName>100000000001</DisplayName></Owner><PartNumberMarker>0"
            + "</PartNumberMarker><Part><PartNumber>1</PartNumber><LastModified>Tue Jan 17 "
            + "16:43:37 2017</LastModified><ETag>\"a1f8e5e4d63ac6970a0062a6277e191fe09a1382\""
            + "</ETag><Size>5242880</Size></Part><NextPartNumberMarker>1</NextPartNumberMarker>"
            + "<StorageClass>STANDARD</StorageClass><MaxParts>1</MaxParts><IsTruncated>false"
            + "</IsTruncated></ListPartsResult>")));

    assertThat(client().listParts(session())).containsExactly(
        UploadedPart.of(1, "\"a1f8e5e4d63ac6970a0062a6277e191fe09a1382\"", 5242880));
  }

  @Test
  void abortIsTheDocumentedExchange() {
    wm.stubFor(delete(urlEqualTo("/exampleobject?uploadId=" + UPLOAD_ID))
        .willReturn(aResponse().withStatus(204).withHeader("Content-Type", "application/xml")
            .withHeader("Content-Length", "0").withHeader("Server", "tencent-cos")
            .withHeader("x-cos-request-id", "NTg3ZjI5MzlfOTgxZjRlXzZhYjNf")));

    client().abort(session());

    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void aMissingUploadIsATypedError() {
    wm.stubFor(delete(anyUrl()).willReturn(aResponse().withStatus(404)
        .withHeader("x-cos-request-id", "REQ-404")
        .withBody("<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist"
            + "</Message><RequestId>REQ-404</RequestId><TraceId>trace</TraceId></Error>")));

    ServiceException e = catchThrowableOfType(() -> client().abort(session()),
        ServiceException.class);
    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.errorCode()).isEqualTo("NoSuchUpload");
    assertThat(e.requestId()).isEqualTo("REQ-404");
    assertThat(wm.findAll(postRequestedFor(anyUrl()))).isEmpty();
  }

  static String field(String authorization, String name) {
    Matcher m = Pattern.compile("(?:^|&)" + Pattern.quote(name) + "=([^&]*)")
        .matcher(authorization);
    assertThat(m.find()).as("%s in %s", name, authorization).isTrue();
    return m.group(1);
  }
}
