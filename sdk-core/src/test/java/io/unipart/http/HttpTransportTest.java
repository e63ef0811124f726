package io.unipart.http;

import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseTooLargeException;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Both transports keep the same promises. */
class HttpTransportTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension tls = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort().dynamicHttpsPort()).build();

  static Stream<Arguments> transports() {
    return Stream.of(
        Arguments.of("okhttp", (Supplier<HttpTransport>) OkHttpTransport::create),
        Arguments.of("jdk", (Supplier<HttpTransport>) JdkHttpTransport::create));
  }

  static URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + wm.getPort() + pathAndQuery);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void sendsMethodPathHeadersAndBodyAsBuilt(String name, Supplier<HttpTransport> make)
      throws IOException {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(201)
        .withHeader("X-Answer", "yes").withBody("done")));
    try (HttpTransport t = make.get()) {
      HttpResponse r = t.execute(
          HttpRequest.builder("PUT", uri("/b/a%20b%2Bc?partNumber=1&uploadId=x%2By"))
              .header("Content-Type", "application/xml").header("X-Custom", "v  1")
              .body("<x/>".getBytes(StandardCharsets.UTF_8)).build(),
          Duration.ofSeconds(5), 1024);
      assertThat(r.status()).isEqualTo(201);
      assertThat(r.header("x-answer")).isEqualTo("yes");
      assertThat(r.bodyText()).isEqualTo("done");
    }
    LoggedRequest sent = wm.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(sent.getMethod().getName()).isEqualTo("PUT");
    assertThat(sent.getUrl()).isEqualTo("/b/a%20b%2Bc?partNumber=1&uploadId=x%2By");
    assertThat(sent.getHeader("Content-Type")).isEqualTo("application/xml");
    assertThat(sent.getHeader("X-Custom")).isEqualTo("v  1");
    assertThat(sent.getHeader("Content-Length")).isEqualTo("4");
    assertThat(sent.getBodyAsString()).isEqualTo("<x/>");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void anEmptyPostStillCarriesContentLengthZero(String name, Supplier<HttpTransport> make)
      throws IOException {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    try (HttpTransport t = make.get()) {
      t.execute(HttpRequest.builder("POST", uri("/k?uploads")).build(), Duration.ofSeconds(5), 10);
    }
    LoggedRequest sent = wm.findAll(anyRequestedFor(anyUrl())).get(0);
    assertThat(sent.getHeader("Content-Length")).isEqualTo("0");
    assertThat(sent.getHeader("Content-Type")).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void neverFollowsRedirects(String name, Supplier<HttpTransport> make) throws IOException {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(301)
        .withHeader("Location", "http://127.0.0.1:" + wm.getPort() + "/moved")));
    try (HttpTransport t = make.get()) {
      HttpResponse r = t.execute(HttpRequest.builder("POST", uri("/k")).build(),
          Duration.ofSeconds(5), 1024);
      assertThat(r.status()).isEqualTo(301);
    }
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void capsTheResponseBody(String name, Supplier<HttpTransport> make) {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody(new byte[5000])));
    try (HttpTransport t = make.get()) {
      ResponseTooLargeException e = catchThrowableOfType(ResponseTooLargeException.class,
          () -> t.execute(HttpRequest.builder("GET", uri("/big")).build(),
              Duration.ofSeconds(5), 4096));
      assertThat(e.status()).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void capsAChunkedBodyWithoutContentLength(String name, Supplier<HttpTransport> make) {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
        .withChunkedDribbleDelay(4, 10).withBody(new byte[6000])));
    try (HttpTransport t = make.get()) {
      assertThat(catchThrowable(() -> t.execute(HttpRequest.builder("GET", uri("/big")).build(),
          Duration.ofSeconds(5), 4096))).isInstanceOf(ResponseTooLargeException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void theTimeoutBoundsTheWholeExchange(String name, Supplier<HttpTransport> make) {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
    try (HttpTransport t = make.get()) {
      long start = System.nanoTime();
      Throwable e = catchThrowable(() -> t.execute(HttpRequest.builder("GET", uri("/slow")).build(),
          Duration.ofMillis(300), 1024));
      assertThat(e).isInstanceOf(IOException.class);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2000);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transports")
  void theTimeoutCoversABodyThatDrips(String name, Supplier<HttpTransport> make) {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
        .withBody(new byte[200]).withChunkedDribbleDelay(20, 3000)));
    try (HttpTransport t = make.get()) {
      long start = System.nanoTime();
      Throwable e = catchThrowable(() -> t.execute(HttpRequest.builder("GET", uri("/drip")).build(),
          Duration.ofMillis(500), 1024));
      assertThat(e).isInstanceOf(IOException.class);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);
    }
  }

  @Test
  void okHttpRefusesPathsItWouldRewrite() {
    try (HttpTransport t = OkHttpTransport.create()) {
      assertThat(t.preservesDotSegments()).isFalse();
      assertThat(catchThrowable(() -> t.execute(HttpRequest.builder("POST", uri("/b/a/./c")).build(),
          Duration.ofSeconds(1), 10)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JdkHttpTransport");
    }
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void jdkSendsDotSegmentsAsBuilt() throws IOException {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    try (HttpTransport t = JdkHttpTransport.create()) {
      assertThat(t.preservesDotSegments()).isTrue();
      t.execute(HttpRequest.builder("POST", uri("/b/a/./c/../d//e")).build(),
          Duration.ofSeconds(5), 10);
    }
    List<LoggedRequest> sent = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent.get(0).getUrl()).isEqualTo("/b/a/./c/../d//e");
  }

  @Test
  void aCallersOkHttpClientIsSharedAndLeftOpen() {
    okhttp3.OkHttpClient mine = new okhttp3.OkHttpClient();
    OkHttpTransport t = OkHttpTransport.create(mine);
    assertThat(t.client().connectionPool()).isSameAs(mine.connectionPool());
    assertThat(t.client().followRedirects()).isFalse();
    t.close();
    assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
  }

  @Test
  void anOwnedOkHttpClientIsShutDownOnClose() {
    OkHttpTransport t = OkHttpTransport.create();
    t.close();
    assertThat(t.client().dispatcher().executorService().isShutdown()).isTrue();
  }

  /**
   * An owned OkHttp transport sets TLS up only on its first https call, and that call does verify
   * the server: WireMock's self-signed certificate is refused in the handshake (a clear-text-only
   * client would refuse the URL before connecting), while http calls keep working alongside.
   */
  @Test
  void anOwnedOkHttpTransportSetsUpTlsOnItsFirstHttpsCall() throws IOException {
    tls.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("tls")));
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("plain")));
    try (OkHttpTransport t = OkHttpTransport.create()) {
      assertThat(t.execute(HttpRequest.builder("GET", uri("/a")).build(), Duration.ofSeconds(5),
          100).bodyText()).isEqualTo("plain");
      URI https = URI.create("https://127.0.0.1:" + tls.getHttpsPort() + "/a");
      Throwable thrown = catchThrowable(() -> t.execute(HttpRequest.builder("GET", https).build(),
          Duration.ofSeconds(5), 100));
      assertThat(thrown).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
      assertThat(t.execute(HttpRequest.builder("GET", uri("/b")).build(), Duration.ofSeconds(5),
          100).bodyText()).isEqualTo("plain");
    }
    assertThat(tls.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }
}
