package io.unipart.cos;

import io.unipart.UploadRequest;
import io.unipart.internal.PercentEncoding;
import io.unipart.spi.HttpRequest;
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
import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import io.unipart.InvalidRequestException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated requests: valid ones reach the server signed as Tencent's own signer signs them
 * (checked on what the server received); invalid ones never leave.
 */
class CosPropertiesTest {
  static final List<String> SYMBOLS = "abcXYZ019-_.~ !$&'()*+,;=:@%?#[]{}^|\"<>`éß中文한/"
      .codePoints().mapToObj(Character::toString).collect(Collectors.toList());

  static WireMockServer server;
  static CosMultipartClient client;

  @BeforeContainer
  static void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(
        "<InitiateMultipartUploadResult><UploadId>u</UploadId></InitiateMultipartUploadResult>")));
    client = CosMultipartClient.builder().region("ap-beijing").bucket("props-1250000000")
        .endpoint(server.baseUrl()).credentials(CosCredentials.of("AKIDPROPS", "props-key"))
        .build();
  }

  @AfterContainer
  static void stop() {
    client.close();
    server.stop();
  }

  @Provide
  Arbitrary<String> keys() {
    Arbitrary<String> symbol = Arbitraries.oneOf(Arbitraries.of(SYMBOLS),
        Arbitraries.of("🎉", "😀"));
    return symbol.list().ofMinSize(1).ofMaxSize(100).map(l -> String.join("", l))
        .filter(k -> !k.startsWith("/") && Stream.of(k.split("/", -1))
            .noneMatch(s -> s.equals(".") || s.equals("..")));
  }

  @Provide
  Arbitrary<CosStorageClass> classes() {
    return Arbitraries.of(CosStorageClass.class);
  }

  @Property(tries = 300)
  void validRequestsArriveSignedAsTencentWould(@ForAll("keys") String key,
      @ForAll("classes") CosStorageClass storageClass) {
    server.resetRequests();
    client.initiate(CosInitiateRequest.builder(UploadRequest.builder().key(key)
        .metadata("prop", "v " + key.length()).build()).storageClass(storageClass).build());

    List<LoggedRequest> sent = server.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).hasSize(1);
    LoggedRequest r = sent.get(0);
    String rawPath = r.getUrl().substring(0, r.getUrl().indexOf('?'));
    assertThat(PercentEncoding.decode(rawPath)).isEqualTo("/" + key);
    Map<String, String> auth = Stream.of(r.getHeader("Authorization").split("&"))
        .map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0], p -> p[1]));
    Set<String> signed = Set.of(auth.get("q-header-list").split(";"));
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpHeader h : r.getHeaders().all()) {
      if (signed.contains(h.key().toLowerCase(Locale.ROOT))) {
        headers.put(h.key(), h.firstValue());
      }
    }
    String[] time = auth.get("q-sign-time").split(";");
    long start = Long.parseLong(time[0]);
    long end = Long.parseLong(time[1]);
    CosCredentials creds = CosCredentials.of("AKIDPROPS", "props-key");

    // 1. As a verifying server would: the signature recomputes from what arrived.
    HttpRequest.Builder received = HttpRequest.builder("POST",
        java.net.URI.create("http://" + r.getHeader("Host") + rawPath + "?uploads"));
    headers.forEach(received::header);
    assertThat(CosSigner.compute(received.build(), creds, start, end).authorization)
        .isEqualTo(r.getHeader("Authorization"));

    // 2. Tencent's own signer agrees on the same headers (it never signs Date, which we send
    //    and sign as COS's documented examples do).
    headers.keySet().removeIf(h -> h.equalsIgnoreCase("Date"));
    received.removeHeader("Date");
    String tencent = new COSSigner().buildAuthorizationStr(HttpMethodName.POST, "/" + key,
        headers, Map.of("uploads", ""), new BasicCOSCredentials("AKIDPROPS", "props-key"),
        new Date(start * 1000), new Date(end * 1000), true);
    assertThat(CosSigner.compute(received.build(), creds, start, end).authorization)
        .isEqualTo(tencent);
  }

  @Provide
  Arbitrary<String> invalidKeys() {
    Arbitrary<String> tooLong = Arbitraries.strings().withChars('中', 'é').ofMinLength(426)
        .ofMaxLength(600);
    Arbitrary<String> leading = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10)
        .flatMap(s -> Arbitraries.of("/", "\\").map(p -> p + s));
    Arbitrary<String> control = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(10)
        .flatMap(s -> Arbitraries.chars().range('\u0000', '\u001f').map(c -> s + c));
    return Arbitraries.oneOf(tooLong, leading, control);
  }

  @Property(tries = 200)
  void invalidKeysNeverLeave(@ForAll("invalidKeys") String key) {
    server.resetRequests();
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(CosInitiateRequest.builder(UploadRequest.builder().key(key).build())
            .build()));
    assertThat(e).isNotNull();
    assertThat(e.field()).isEqualTo("key");
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Property(tries = 100)
  void metadataNamesWithUnderscoresNeverLeave(
      @ForAll("underscored") String name) {
    server.resetRequests();
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> client.initiate(CosInitiateRequest.builder(UploadRequest.builder().key("k")
            .metadata(name, "v").build())
            .build()))).isNotNull();
    assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Provide
  Arbitrary<String> underscored() {
    return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(6)
        .flatMap(a -> Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(6)
            .map(b -> a + "_" + b));
  }
}
