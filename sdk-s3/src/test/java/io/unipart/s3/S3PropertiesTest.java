package io.unipart.s3;

import io.unipart.UploadRequest;
import io.unipart.internal.PercentEncoding;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.unipart.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Generated requests: valid ones reach the server as AWS's own signer would sign them (checked on
 * the request the server received, as a verifying server would); invalid ones never leave.
 */
class S3PropertiesTest {
  static WireMockServer server;
  static S3MultipartClient client;

  @BeforeContainer
  static void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
        "<InitiateMultipartUploadResult><UploadId>u</UploadId></InitiateMultipartUploadResult>")));
    client = S3MultipartClient.builder().endpoint(server.baseUrl()).region("eu-west-1")
        .bucket("props").credentials(AwsCredentials.of("AKIDPROPS", "props-secret")).build();
  }

  @AfterContainer
  static void stop() {
    client.close();
    server.stop();
  }

  /** Whole code points (never half a surrogate pair): reserved ASCII, Latin, CJK, Hangul, emoji. */
  static final List<String> SYMBOLS = "abcXYZ019-_.~ !$&'()*+,;=:@%?#[]{}^|\"<>\\`éß中文한/"
      .codePoints().mapToObj(Character::toString).collect(java.util.stream.Collectors.toList());

  @Provide
  Arbitrary<String> keys() {
    Arbitrary<String> symbol = Arbitraries.oneOf(Arbitraries.of(SYMBOLS),
        Arbitraries.of("🎉", "🚀", "𝄞", "😀"));
    return symbol.list().ofMinSize(1).ofMaxSize(120).map(l -> String.join("", l))
        .filter(k -> !io.unipart.internal.xml.XmlMultipartProtocol.hasDotSegment(k));
  }

  @Provide
  Arbitrary<String> metadataValues() {
    return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
  }

  @Property(tries = 300)
  void validRequestsArriveSignedAsAwsWould(@ForAll("keys") String key,
      @ForAll("metadataValues") String value) {
    server.resetRequests();
    client.initiate(S3InitiateRequest.builder(UploadRequest.builder().key(key)
        .metadata("prop", value).contentType("application/octet-stream").build()).build());

    List<LoggedRequest> sent = server.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).hasSize(1);
    LoggedRequest r = sent.get(0);
    String rawPath = r.getUrl().substring(0, r.getUrl().indexOf('?'));
    assertThat(PercentEncoding.decode(rawPath)).isEqualTo("/props/" + key);
    assertThat(r.getUrl()).endsWith("?uploads");
    assertThat(r.getHeader("Authorization")).isEqualTo(awsSignatureOf(r, rawPath));
  }

  /** What AWS's signer makes of the received request, over the headers it says it signed. */
  static String awsSignatureOf(LoggedRequest r, String rawPath) {
    String auth = r.getHeader("Authorization");
    Set<String> signed = Set.of(auth.replaceAll(".*SignedHeaders=([^,]+),.*", "$1").split(";"));
    SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .protocol("http").host("localhost").port(server.port()).encodedPath(rawPath)
        .putRawQueryParameter("uploads", (String) null);
    for (HttpHeader h : r.getHeaders().all()) {
      String name = h.key().toLowerCase(Locale.ROOT);
      if (signed.contains(name) && !Set.of("host", "x-amz-date", "x-amz-content-sha256")
          .contains(name)) {
        b.putHeader(h.key(), h.firstValue());
      }
    }
    Instant when = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
        .parse(r.getHeader("X-Amz-Date"), Instant::from);
    return AwsV4HttpSigner.create().sign(s -> s
        .identity(AwsCredentialsIdentity.create("AKIDPROPS", "props-secret"))
        .request(b.build())
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(when, ZoneOffset.UTC)))
        .request().firstMatchingHeader("Authorization").orElseThrow();
  }

  @Provide
  Arbitrary<String> invalidKeys() {
    Arbitrary<String> tooLong = Arbitraries.strings().withChars('中', 'é').ofMinLength(513)
        .ofMaxLength(700);
    Arbitrary<String> control = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10)
        .flatMap(prefix -> Arbitraries.chars().range('\u0000', '\u001f')
            .map(c -> prefix + c + "x"));
    return Arbitraries.oneOf(tooLong, control, Arbitraries.just(""));
  }

  @Provide
  Arbitrary<Map<String, String>> invalidMetadata() {
    Arbitrary<String> badName = Arbitraries.strings().withChars("a b:(é@,\"").ofMinLength(1)
        .ofMaxLength(8).filter(n -> !n.chars().allMatch(c -> Character.isLetter(c) && c < 128));
    return badName.map(n -> Map.of(n, "v"));
  }

  @Property(tries = 200)
  void invalidKeysNeverLeave(@ForAll("invalidKeys") String key) {
    server.resetRequests();
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(S3InitiateRequest.builder(UploadRequest.builder().key(key).build())
            .build()));
    assertThat(e).isNotNull();
    assertThat(e.field()).isEqualTo("key");
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Property(tries = 100)
  void invalidMetadataNeverLeaves(@ForAll("invalidMetadata") Map<String, String> metadata) {
    server.resetRequests();
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(S3InitiateRequest.builder(UploadRequest.builder().key("k")
            .metadata(metadata).build()).build())))
        .isNotNull();
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
