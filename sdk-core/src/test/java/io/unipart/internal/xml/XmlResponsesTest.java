package io.unipart.internal.xml;

import io.unipart.internal.JsonCodecs;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The S3-family XML pieces: the error classifier, the initiate result, the hardened parser. */
class XmlResponsesTest {
  static final XmlErrorClassifier CLASSIFIER = XmlErrorClassifier.builder("Test")
      .requestIdHeader("x-req-id", "x-other-id")
      .authenticationCodes(Set.of("AccessDenied"))
      .clockSkewCodes(Set.of("RequestTimeTooSkewed"))
      .throttlingCodes(Set.of("SlowDown"))
      .retryableCodes(Set.of("InternalError"))
      .bodyDetails("HostId", "TraceId")
      .headerDetail("x-trace", "TraceHeader")
      .build();

  static HttpResponse response(int status, String body, String... headers) {
    HttpResponse.Builder b = HttpResponse.builder(status)
        .body(body.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  static String error(String code) {
    return "<?xml version='1.0'?><Error><Code>" + code + "</Code><Message>m</Message>"
        + "<RequestId>body-id</RequestId><HostId>h</HostId><TraceId>t</TraceId></Error>";
  }

  @Test
  void successUnlessAnErrorDocument() {
    assertThat(CLASSIFIER.classify(response(200, "<Ok/>"))).isNull();
    assertThat(CLASSIFIER.classify(response(204, ""))).isNull();
    ServiceError e = CLASSIFIER.classify(response(200, error("InternalError")));
    assertThat(e.httpStatus()).isEqualTo(200);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void codesSortErrors() {
    assertThat(CLASSIFIER.classify(response(403, error("AccessDenied"))).kind())
        .isEqualTo(ServiceError.Kind.AUTHENTICATION);
    assertThat(CLASSIFIER.classify(response(403, error("RequestTimeTooSkewed"))).kind())
        .isEqualTo(ServiceError.Kind.CLOCK_SKEW);
    ServiceError slow = CLASSIFIER.classify(response(503, error("SlowDown")));
    assertThat(slow.throttling()).isTrue();
    assertThat(slow.retryable()).isTrue();
    ServiceError other = CLASSIFIER.classify(response(400, error("InvalidArgument")));
    assertThat(other.kind()).isEqualTo(ServiceError.Kind.SERVICE);
    assertThat(other.retryable()).isFalse();
    assertThat(other.code()).isEqualTo("InvalidArgument");
    assertThat(other.message()).isEqualTo("m");
    assertThat(CLASSIFIER.classify(response(403, "<Error><Message>x</Message></Error>")).kind())
        .isEqualTo(ServiceError.Kind.AUTHENTICATION);
  }

  @Test
  void requestIdsAndDetails() {
    ServiceError header = CLASSIFIER.classify(response(400, error("X"), "x-other-id", "hdr",
        "x-trace", "tr"));
    assertThat(header.requestId()).isEqualTo("hdr");
    assertThat(header.details()).containsEntry("HostId", "h").containsEntry("TraceId", "t")
        .containsEntry("TraceHeader", "tr");
    assertThat(CLASSIFIER.classify(response(400, error("X"))).requestId()).isEqualTo("body-id");
  }

  @Test
  void bodiesThatAreNotErrorDocumentsAreDescribed() {
    assertThat(CLASSIFIER.classify(response(307, "", "Location", "https://elsewhere/"))
        .message()).contains("redirect not followed").contains("https://elsewhere/");
    assertThat(CLASSIFIER.classify(response(301, "")).message()).isEqualTo(
        "redirect not followed (signed requests never are)");
    assertThat(CLASSIFIER.classify(response(500, "")).message())
        .isEqualTo("HTTP 500 with an empty body");
    ServiceError html = CLASSIFIER.classify(response(502, "<html><body>Bad</body></html>",
        "Content-Type", "text/html"));
    assertThat(html.message()).contains("text/html").contains("not a Test error document");
    assertThat(CLASSIFIER.classify(response(502, "<!DOCTYPE html><p>x</p>")).message())
        .contains("untyped");
    assertThat(CLASSIFIER.classify(response(401, "nope")).kind())
        .isEqualTo(ServiceError.Kind.AUTHENTICATION);
    assertThat(CLASSIFIER.classify(response(429, "")).throttling()).isTrue();
    assertThat(CLASSIFIER.classify(response(500, "<Error><Code>")).message())
        .contains("not a Test error document");
  }

  @Test
  void initiateResultsAreCheckedStrictly() throws Exception {
    InitiateResultXml ok = InitiateResultXml.parse(response(200,
        "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            + "<Key>a &amp; b</Key><UploadId> id-1 </UploadId></InitiateMultipartUploadResult>",
        "x-id", "r1"), "a & b", "x-id");
    assertThat(ok.uploadId()).isEqualTo("id-1");
    assertThat(ok.requestId()).isEqualTo("r1");
    assertThat(catchThrowableOfType(ResponseFormatException.class, () -> InitiateResultXml.parse(
        response(200, "<Other/>"), "k", "x")).getMessage()).contains("got <Other>");
    assertThat(catchThrowableOfType(ResponseFormatException.class, () -> InitiateResultXml.parse(
        response(200, "<InitiateMultipartUploadResult><UploadId> </UploadId>"
            + "</InitiateMultipartUploadResult>"), "k", "x")).getMessage()).contains("UploadId");
    assertThat(catchThrowableOfType(ResponseFormatException.class, () -> InitiateResultXml.parse(
        response(200, "<InitiateMultipartUploadResult><Key>b</Key><UploadId>u</UploadId>"
            + "</InitiateMultipartUploadResult>"), "a", "x")).getMessage())
        .contains("under key \"b\"");
  }

  @Test
  void theJsonCodecsReadAndWrite() throws Exception {
    assertThat(JsonCodecs.writer().writeValueAsString(JsonCodecs.nodes().objectNode().put("a", 1)))
        .isEqualTo("{\"a\":1}");
    assertThat(JsonCodecs.reader().readTree("{\"b\":2}").get("b").asInt()).isEqualTo(2);
  }
}
