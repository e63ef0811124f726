package io.unipart.s3;

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

/** Every S3 rule rejects bad input with the field and the rule named, and nothing is sent. */
class S3ValidationTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  S3MultipartClient client;

  @BeforeEach
  void start() {
    client = S3MultipartClient.builder()
        .endpoint("http://127.0.0.1:" + wm.getPort()).region("us-east-1").bucket("media")
        .credentials(AwsCredentials.of("AKID", "secret")).build();
  }

  @AfterEach
  void stop() {
    client.close();
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).as("requests sent").isEmpty();
  }

  static S3InitiateRequest.Builder req() {
    return req(u -> { });
  }

  /** An S3 request whose neutral part starts from key "k" and is changed as given. */
  static S3InitiateRequest.Builder req(java.util.function.Consumer<UploadRequest.Builder> neutral) {
    UploadRequest.Builder u = UploadRequest.builder().key("k");
    neutral.accept(u);
    return S3InitiateRequest.builder(u.build());
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        bad("empty key", "key", "must not be empty", () -> req(u -> u.key(""))),
        bad("key of 1025 bytes", "key", "at most 1024 UTF-8 bytes (was 1025)",
            () -> req(u -> u.key("a".repeat(1025)))),
        bad("key of 1026 bytes via 2-byte chars", "key", "(was 1026)",
            () -> req(u -> u.key("é".repeat(513)))),
        bad("key with a control character", "key", "control characters (found U+0007",
            () -> req(u -> u.key("a\u0007b"))),
        bad("key with DEL", "key", "U+007F", () -> req(u -> u.key("a\u007fb"))),
        bad("key with a newline", "key", "U+000A", () -> req(u -> u.key("line\nbreak"))),
        bad("key with an unpaired surrogate", "key", "well-formed Unicode",
            () -> req(u -> u.key("a\uD800b"))),
        bad("metadata name that is not a token", "metadata name my name", "HTTP token",
            () -> req(u -> u.metadata("my name", "v"))),
        bad("metadata name with a colon", "metadata name a:b", "HTTP token",
            () -> req(u -> u.metadata("a:b", "v"))),
        bad("metadata twice by case", "metadata[Owner]", "given twice",
            () -> req(u -> u.metadata("owner", "a").metadata("Owner", "b"))),
        bad("metadata over 2 KB", "metadata", "at most 2048 bytes",
            () -> req(u -> u.metadata("big", "x".repeat(2046)))),
        bad("metadata value with CR LF", "metadata[m]", "CR or LF",
            () -> req(u -> u.metadata("m", "a\r\nX-Evil: 1"))),
        bad("content-md5 not base64", "contentMd5", "base64",
            () -> req().contentMd5("not base64!")),
        bad("content-md5 of 15 bytes", "contentMd5", "16 bytes (decodes to 15)",
            () -> req().contentMd5(Base64.getEncoder().encodeToString(new byte[15]))),
        bad("cache-control with LF", "cacheControl", "CR or LF",
            () -> withHeaders(h -> h.cacheControl("max-age=1\nX-Evil: 1"))),
        bad("content-disposition with CR", "contentDisposition", "CR or LF",
            () -> withHeaders(h -> h.contentDisposition("attachment\r"))),
        bad("content-type with LF", "contentType", "CR or LF",
            () -> req(u -> u.contentType("text/plain\n"))),
        bad("content-encoding non-ASCII", "contentEncoding", "US-ASCII",
            () -> withHeaders(h -> h.contentEncoding("gzïp"))),
        bad("expires with CR", "expires", "CR or LF", () -> withHeaders(h -> h.expires("Thu\r"))),
        bad("storage class lower case", "storageClass", "upper-case token",
            () -> req().storageClass("standard")),
        bad("eleven tags", "tags", "at most 10",
            () -> withHeaders(h -> {
              for (int i = 0; i < 11; i++) {
                h.tag("t" + i, "v");
              }
              return h;
            })),
        bad("tag key too long", "tags[" + "k".repeat(129) + "]", "1..128",
            () -> withHeaders(h -> h.tag("k".repeat(129), "v"))),
        bad("tag value too long", "tags[k]", "at most 256",
            () -> withHeaders(h -> h.tag("k", "v".repeat(257)))),
        bad("part size too small", "partSize", "at least 5 MiB",
            () -> req(u -> u.partSize(1L << 20).contentLength(10L << 20))),
        bad("part size too large", "partSize", "at most 5 GiB",
            () -> req(u -> u.partSize((5L << 30) + 1))),
        bad("too many parts", "partSize", "at most 10000",
            () -> req(u -> u.partSize(5L << 20).contentLength((5L << 20) * 10_001))),
        bad("bad bucket override", "bucket", "letters, digits",
            () -> req().bucket("my bucket")));
  }

  static S3InitiateRequest.Builder withHeaders(UnaryOperator<ObjectHeaders.Builder> headers) {
    return req().objectHeaders(headers.apply(ObjectHeaders.builder()).build());
  }

  static Arguments bad(
      String name, String field, String rule, Supplier<S3InitiateRequest.Builder> request) {
    return Arguments.of(name, field, rule, request);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void rejectsBeforeAnyNetworkCall(
      String name, String field, String rule, Supplier<S3InitiateRequest.Builder> request) {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(request.get().build()));
    assertThat(e).as(name).isNotNull();
    assertThat(e.field()).isEqualTo(field);
    assertThat(e.rule()).contains(rule);
    assertThat(e.getMessage()).startsWith(field + ": ");
    assertThat(e.attempts()).isZero();
  }

  @Test
  void sseCustomerKeyMustBe32Bytes() {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> ServerSideEncryption.customerKey(new byte[16]));
    assertThat(e.field()).isEqualTo("sse.customerKey");
    assertThat(e.rule()).contains("32 bytes");
  }

  @Test
  void sseCustomerKeyMd5MustMatch() {
    String key = Base64.getEncoder().encodeToString(new byte[32]);
    String wrongMd5 = Base64.getEncoder().encodeToString(new byte[16]);
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> ServerSideEncryption.customerKey(key, wrongMd5));
    assertThat(e.field()).isEqualTo("sse.customerKeyMd5");
    assertThat(e.rule()).contains("does not match");
  }

  @Test
  void sseCustomerKeyWithMatchingMd5IsAccepted() {
    byte[] raw = new byte[32];
    String key = Base64.getEncoder().encodeToString(raw);
    String md5 = Base64.getEncoder().encodeToString(ServerSideEncryption.md5(raw));
    assertThat(ServerSideEncryption.customerKey(key, md5))
        .isEqualTo(ServerSideEncryption.customerKey(raw))
        .hasToString("ServerSideEncryption{SSE-C}");
  }

  @Test
  void partCountWithoutContentLengthIsRejected() {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(UploadRequest.builder().key("k").partCount(3).build()));
    assertThat(e.field()).isEqualTo("partCount");
    assertThat(e.rule()).contains("contentLength");
  }

  @Test
  void dotSegmentsAreRejectedByTheOkHttpTransport() {
    for (String key : new String[] {"a/./b", "../x", "a/..", "."}) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> client.initiate(UploadRequest.builder().key(key).build()));
      assertThat(e.field()).as(key).isEqualTo("key");
      assertThat(e.rule()).contains("JdkHttpTransport");
    }
  }

  @Test
  void clientSettingsAreCheckedWhenBuilt() {
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> S3MultipartClient.builder().region("r").bucket("b").build()).field())
        .isEqualTo("endpoint");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> S3MultipartClient.builder().endpoint("ftp://x").region("r").bucket("b").build())
        .rule()).contains("https or http");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> S3MultipartClient.builder().endpoint("https://x/path").region("r").bucket("b")
            .build()).rule()).contains("scheme://host[:port] only");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> S3MultipartClient.builder().endpoint("https://x").bucket("b").build()).field())
        .isEqualTo("region");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> S3MultipartClient.builder().endpoint("https://x").region("r").build()).field())
        .isEqualTo("bucket");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> S3MultipartClient.builder().endpoint("https://s3.example.com").region("r")
            .bucket("Not_DNS").pathStyle(false).build()).rule()).contains("not a DNS name");
  }

  @Test
  void missingEnvironmentCredentialsNameTheVariable() {
    S3MultipartClient env = S3MultipartClient.builder()
        .endpoint("http://127.0.0.1:" + wm.getPort()).region("us-east-1").bucket("media")
        .credentialsProvider(AwsCredentialsProvider.fromVariables(name -> null)).build();
    try (env) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> env.initiate(UploadRequest.builder().key("k").build()));
      assertThat(e.field()).isEqualTo("credentials");
      assertThat(e.rule()).contains("AWS_ACCESS_KEY_ID");
    }
  }

  @Test
  void secretsNeverAppearInToString() {
    AwsCredentials c = AwsCredentials.of("AKIDPUBLIC", "s3cr3tValue", "t0kenValue");
    assertThat(c.toString()).contains("AKIDPUBLIC").doesNotContain("s3cr3tValue")
        .doesNotContain("t0kenValue");
    byte[] key = new byte[32];
    key[0] = 42;
    assertThat(ServerSideEncryption.customerKey(key).toString())
        .doesNotContain(Base64.getEncoder().encodeToString(key));
    assertThat(client.toString()).doesNotContain("secret");
  }
}
