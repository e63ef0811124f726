package io.unipart.cos;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.ObjectHeaders;
import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import java.util.Base64;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every COS rule rejects bad input with the field and the rule named, and nothing is sent. */
class CosValidationTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  CosMultipartClient client;

  @BeforeEach
  void start() {
    client = CosMultipartClient.builder().region("ap-beijing").bucket("media-1250000000")
        .endpoint("http://127.0.0.1:" + wm.getPort())
        .credentials(CosCredentials.of("AKID", "secret")).build();
  }

  @AfterEach
  void stop() {
    client.close();
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).as("requests sent").isEmpty();
  }

  static CosInitiateRequest.Builder req() {
    return req(u -> { });
  }

  /** A COS request whose neutral part starts from key "k" and is changed as given. */
  static CosInitiateRequest.Builder req(
      java.util.function.Consumer<UploadRequest.Builder> neutral) {
    UploadRequest.Builder u = UploadRequest.builder().key("k");
    neutral.accept(u);
    return CosInitiateRequest.builder(u.build());
  }

  static CosInitiateRequest.Builder withHeaders(UnaryOperator<ObjectHeaders.Builder> headers) {
    return req().objectHeaders(headers.apply(ObjectHeaders.builder()).build());
  }

  static Arguments bad(String name, String field, String rule,
      Supplier<CosInitiateRequest.Builder> request) {
    return Arguments.of(name, field, rule, request);
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        bad("empty key", "key", "must not be empty", () -> req(u -> u.key(""))),
        bad("key of 851 bytes", "key", "at most 850 UTF-8 bytes (was 851)",
            () -> req(u -> u.key("a".repeat(851)))),
        bad("key of 852 bytes in CJK", "key", "(was 852)", () -> req(u -> u.key("会".repeat(284)))),
        bad("key starting with /", "key", "must not start with '/'", () -> req(u -> u.key("/a"))),
        bad("key starting with \\", "key", "must not start with '/' or '\\'",
            () -> req(u -> u.key("\\a"))),
        bad("key with a control character", "key", "control characters",
            () -> req(u -> u.key("a\u001bb"))),
        bad("key with an unpaired surrogate", "key", "well-formed Unicode",
            () -> req(u -> u.key("a\uDC00"))),
        bad("metadata name with underscore", "metadata name my_field", "must not contain '_'",
            () -> req(u -> u.metadata("my_field", "v"))),
        bad("metadata name not a token", "metadata name a b", "HTTP token",
            () -> req(u -> u.metadata("a b", "v"))),
        bad("metadata over 2 KB", "metadata", "at most 2048 bytes",
            () -> req(u -> u.metadata("big", "x".repeat(2046)))),
        bad("metadata value not ASCII", "metadata[m]", "US-ASCII",
            () -> req(u -> u.metadata("m", "会议"))),
        bad("metadata value with CR LF", "metadata[m]", "CR or LF",
            () -> req(u -> u.metadata("m", "a\r\nb"))),
        bad("eleven tags", "tags", "at most 10", () -> withHeaders(h -> {
          for (int i = 0; i < 11; i++) {
            h.tag("t" + i, "v");
          }
          return h;
        })),
        bad("empty tag key", "tags", "must not be empty", () -> withHeaders(h -> h.tag("", "v"))),
        bad("grant with a quote", "grantRead", "without spaces, quotes or commas",
            () -> req().grantRead("1000\"01")),
        bad("grant with a comma", "grantFullControl", "quotes or commas",
            () -> req().grantFullControl("1,2")),
        bad("grant with nobody", "grantWriteAcp", "at least one", () -> req().grantWriteAcp()),
        bad("grant with an empty id", "grantReadAcp", "must not be empty",
            () -> req().grantReadAcp("")),
        bad("content type with LF", "contentType", "CR or LF",
            () -> req(u -> u.contentType("text/plain\n"))),
        bad("cache control with CR", "cacheControl", "CR or LF",
            () -> withHeaders(h -> h.cacheControl("no-cache\r"))),
        bad("content disposition non-ASCII", "contentDisposition", "US-ASCII",
            () -> withHeaders(h -> h.contentDisposition("attachment; filename=会.txt"))),
        bad("content encoding with LF", "contentEncoding", "CR or LF",
            () -> withHeaders(h -> h.contentEncoding("gzip\n"))),
        bad("expires with LF", "expires", "CR or LF", () -> withHeaders(h -> h.expires("x\ny"))),
        bad("part size too small", "partSize", "at least 1 MiB",
            () -> req(u -> u.partSize(1000L).contentLength(5000L))),
        bad("too many parts", "partSize", "at most 10000",
            () -> req(u -> u.partSize(1L << 20).contentLength((1L << 20) * 10_001))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void rejectsBeforeAnyNetworkCall(String name, String field, String rule,
      Supplier<CosInitiateRequest.Builder> request) {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(request.get().build()));
    assertThat(e).as(name).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.rule()).contains(rule);
    assertThat(e.attempts()).isZero();
  }

  @Test
  void sseCustomerKeyMustBe32BytesWithAMatchingMd5() {
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> CosServerSideEncryption.customerKey(new byte[31])).field())
        .isEqualTo("sse.customerKey");
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    String wrong = Base64.getEncoder().encodeToString(new byte[16]);
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> CosServerSideEncryption.customerKey(key, wrong)).field())
        .isEqualTo("sse.customerKeyMd5");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> CosServerSideEncryption.customerKey("not base64!", wrong)).rule())
        .contains("base64");
  }

  @Test
  void kmsContextMustBeAJsonObject() {
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> CosServerSideEncryption.kms("key", "not json")).field()).isEqualTo("sse.kmsContext");
  }

  @Test
  void bucketMustBeNameDashAppid() {
    for (String bucket : new String[] {"media", "Media-1250000000", "media_x-1250000000",
        "-media-1250000000", "media-12x", "a".repeat(45) + "-1250000000"}) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> CosMultipartClient.builder().region("ap-beijing").bucket(bucket)
              .credentials(CosCredentials.of("a", "b")).build());
      assertThat(e).as(bucket).isNotNull();
      assertThat(e.field()).isEqualTo("bucket");
    }
  }

  @Test
  void regionAndWindowAreChecked() {
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> CosMultipartClient.builder().region("AP Beijing").bucket("media-1250000000")
            .build()).field()).isEqualTo("region");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> CosMultipartClient.builder().signatureValidity(java.time.Duration.ZERO)).field())
        .isEqualTo("signatureValidity");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> CosMultipartClient.builder().clockSkewTolerance(java.time.Duration.ofHours(2)))
        .field()).isEqualTo("clockSkewTolerance");
  }

  @Test
  void missingEnvironmentCredentialsNameTheVariable() {
    try (CosMultipartClient env = CosMultipartClient.builder().region("ap-beijing")
        .bucket("media-1250000000").endpoint("http://127.0.0.1:" + wm.getPort())
        .credentialsProvider(CosCredentialsProvider.fromVariables(n -> null)).build()) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> env.initiate(UploadRequest.builder().key("k").build()));
      assertThat(e.rule()).contains("TENCENTCLOUD_SECRET_ID");
    }
  }

  @Test
  void secretsNeverAppearInToString() {
    CosCredentials c = CosCredentials.of("AKIDPUBLIC", "s3cr3tKey", "t0ken");
    assertThat(c.toString()).contains("AKIDPUBLIC").doesNotContain("s3cr3tKey")
        .doesNotContain("t0ken");
    byte[] key = new byte[32];
    key[3] = 9;
    assertThat(CosServerSideEncryption.customerKey(key).toString())
        .doesNotContain(Base64.getEncoder().encodeToString(key));
  }
}
