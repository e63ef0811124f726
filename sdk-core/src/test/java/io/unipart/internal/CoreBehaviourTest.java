package io.unipart.internal;

import io.unipart.ClientBuilder;
import io.unipart.http.HttpTransport;
import io.unipart.http.OkHttpTransport;
import io.unipart.spi.ErrorClassifier;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ServiceError;
import io.unipart.spi.Signer;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.AuthenticationException;
import io.unipart.InvalidRequestException;
import io.unipart.PartTarget;
import io.unipart.RetryPolicy;
import io.unipart.ServiceException;
import io.unipart.Timeouts;
import io.unipart.TransportException;
import io.unipart.UploadConflictException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.testing.ManualClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Executor paths, the dialect base class, builders and value contracts, seen from core alone. */
class CoreBehaviourTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final List<Instant> signedAt = new CopyOnWriteArrayList<>();
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final Signer recording = (request, now) -> {
    signedAt.add(now);
    return request;
  };

  static ErrorClassifier kindFromHeader() {
    return r -> r.isSuccessful() ? null : ServiceError.builder(r.status())
        .code(r.header("X-Code"))
        .kind(r.header("X-Kind") == null ? ServiceError.Kind.SERVICE
            : ServiceError.Kind.valueOf(r.header("X-Kind")))
        .retryable("true".equals(r.header("X-Retry")))
        .build();
  }

  HttpRequest get() {
    return HttpRequest.builder("GET", URI.create(wm.baseUrl() + "/x")).build();
  }

  RequestExecutor executor(HttpTransport t, ManualClock clock) {
    return RequestExecutor.builder("core", t, recording, kindFromHeader())
        .clock(clock).sleeper(sleeps::add).build();
  }

  @Test
  void clockSkewIsCorrectedFromTheServerDateOnceAndRetriedAtOnce() {
    wm.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(403).withHeader("X-Kind", "CLOCK_SKEW")
            .withHeader("Date", "Sat, 21 Nov 2026 12:00:00 GMT")).willSetStateTo("ok"));
    wm.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withBody("ok")));
    ManualClock clock = new ManualClock(Instant.parse("2026-11-21T11:00:00Z"));
    try (OkHttpTransport t = OkHttpTransport.create()) {
      RequestExecutor e = executor(t, clock);
      assertThat(e.execute(get(), HttpResponse::bodyText, null)).isEqualTo("ok");
      assertThat(signedAt).containsExactly(Instant.parse("2026-11-21T11:00:00Z"),
          Instant.parse("2026-11-21T12:00:00Z"));
      assertThat(e.now()).isEqualTo(Instant.parse("2026-11-21T12:00:00Z"));
      assertThat(sleeps).isEmpty();
    }
  }

  @Test
  void clockSkewWithoutADateIsNotRetried() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(403)
        .withHeader("X-Kind", "CLOCK_SKEW")));
    try (OkHttpTransport t = OkHttpTransport.create()) {
      ServiceException e = catchThrowableOfType(ServiceException.class,
          () -> executor(t, new ManualClock(Instant.EPOCH)).execute(get(), HttpResponse::bodyText,
              null));
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(e.error().kind()).isEqualTo(ServiceError.Kind.CLOCK_SKEW);
    }
  }

  @Test
  void errorKindsPickTheExceptionType() {
    assertThat(ServiceException.of(ServiceError.builder(401).kind(ServiceError.Kind.AUTHENTICATION)
        .build(), 1)).isInstanceOf(AuthenticationException.class);
    assertThat(ServiceException.of(ServiceError.builder(409).kind(ServiceError.Kind.CONFLICT)
        .build(), 1)).isInstanceOf(UploadConflictException.class);
    assertThat(ServiceException.of(ServiceError.builder(500).code("C").build(), 1))
        .isExactlyInstanceOf(ServiceException.class);
    ServiceException plain = ServiceException.of(ServiceError.builder(500).code("C")
        .message("M").requestId("R").detail("k", "v").detail("blank", " ").throttling(true)
        .build(), 2);
    assertThat(plain).isExactlyInstanceOf(io.unipart.ThrottlingException.class);
    assertThat(plain.errorMessage()).isEqualTo("M");
    assertThat(plain.details()).containsOnlyKeys("k");
    assertThat(plain.isThrottling()).isTrue();
    assertThat(plain.isRetryable()).isTrue();
    assertThat(plain.getMessage()).isEqualTo("HTTP 500 C: M (request id R)");
    assertThat(plain.error().toString()).contains("retryable=true");
    assertThat(ServiceError.builder(404).build().describe()).isEqualTo("HTTP 404: HTTP 404");
  }

  @Test
  void aRetryAfterLongerThanTheCapEndsRetriesAndAnInterruptedWaitStops() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After",
        "60")));
    try (OkHttpTransport t = OkHttpTransport.create()) {
      ServiceException e = catchThrowableOfType(ServiceException.class,
          () -> executor(t, new ManualClock(Instant.EPOCH)).execute(get(), HttpResponse::bodyText,
              null));
      assertThat(e.attempts()).isEqualTo(1);
      assertThat(sleeps).isEmpty();

      wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
      RequestExecutor interrupted = RequestExecutor.builder("core", t, recording,
          kindFromHeader()).sleeper(d -> {
            throw new InterruptedException();
          }).build();
      TransportException te = catchThrowableOfType(TransportException.class,
          () -> interrupted.execute(get(), HttpResponse::bodyText, null));
      assertThat(te).hasMessageContaining("interrupted while waiting to retry");
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  @Test
  void aDeadlinePassedBetweenAttemptsReportsTheLastError() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("X-Code", "Busy")));
    try (OkHttpTransport t = OkHttpTransport.create()) {
      RequestExecutor slowSleep = RequestExecutor.builder("core", t, recording, kindFromHeader())
          .sleeper(d -> Thread.sleep(400)).build();
      ServiceException e = catchThrowableOfType(ServiceException.class,
          () -> slowSleep.execute(get(), HttpResponse::bodyText, Duration.ofMillis(300)));
      assertThat(e.errorCode()).isEqualTo("Busy");
    }
  }

  /** The smallest dialect: its typed request is a string; it delegates to a runtime. */
  static final class EchoClient {
    private final ClientRuntime runtime;

    EchoClient(ClientRuntime runtime) {
      this.runtime = runtime;
    }

    UploadSession initiate(UploadRequest request) {
      return initiate(request.key());
    }

    CompletableFuture<UploadSession> initiateAsync(UploadRequest request) {
      return runtime.async(() -> initiate(request));
    }

    CompletableFuture<UploadSession> initiateAsync(String key) {
      return runtime.async(() -> initiate(key));
    }

    UploadSession initiate(String key) {
      String id = runtime.executor().execute(HttpRequest.builder("POST",
          URI.create(wm.baseUrl() + "/" + key)).build(), HttpResponse::bodyText, null);
      return UploadSession.builder().dialect("echo").uploadId(id).destination("d").key(key)
          .initiatedAt(runtime.executor().now()).build();
    }

    void close() {
      runtime.close();
    }
  }

  static final class EchoBuilder extends ClientBuilder<EchoBuilder> {
    @Override
    protected EchoBuilder self() {
      return this;
    }

    EchoClient build() {
      secureBaseUrl("baseUrl", wm.baseUrl());
      return new EchoClient(buildRuntime("echo", Signer.NONE, kindFromHeader()));
    }

    BaseUrl baseUrl(String field, String url) {
      return secureBaseUrl(field, url);
    }
  }

  @Test
  void aClientRuntimeRunsAsyncOnTheGivenExecutorAndClosesOnce() throws Exception {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("up-1")));
    AtomicInteger ran = new AtomicInteger();
    Executor counting = r -> {
      ran.incrementAndGet();
      r.run();
    };
    EchoClient c = new EchoBuilder().asyncExecutor(counting).clock(new ManualClock(Instant.EPOCH))
        .timeouts(Timeouts.defaults()).retryPolicy(RetryPolicy.none()).sleeper(sleeps::add)
        .rateLimit(5, Duration.ofSeconds(1)).build();
    assertThat(c.initiate(UploadRequest.builder().key("k1").build()).key()).isEqualTo("k1");
    assertThat(c.initiateAsync(UploadRequest.builder().key("k2").build()).get().uploadId())
        .isEqualTo("up-1");
    assertThat(c.initiateAsync("k3").get().key()).isEqualTo("k3");
    assertThat(ran).hasValue(2);
    c.close();
    c.close();
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(3);
  }

  @Test
  void builderSettingsAreChecked() {
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> new EchoBuilder().rateLimit(0, Duration.ofSeconds(1))).field())
        .isEqualTo("rateLimit.permits");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> new EchoBuilder().rateLimit(1, Duration.ZERO)).field())
        .isEqualTo("rateLimit.window");
    assertThat(new EchoBuilder().allowPlainHttp(true).baseUrl("b", "http://x.example.com")
        .toString()).isEqualTo("http://x.example.com");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> new EchoBuilder().baseUrl("b", "http://x.example.com")).field())
        .isEqualTo("b");
  }

  @Test
  void valueContracts() {
    Timeouts t = Timeouts.builder().connect(Duration.ofSeconds(1)).read(Duration.ofSeconds(2))
        .write(Duration.ofSeconds(3)).attempt(Duration.ofSeconds(4))
        .deadline(Duration.ofSeconds(5)).build();
    assertThat(t.toBuilder().build()).isEqualTo(t).hasSameHashCodeAs(t);
    assertThat(t.toBuilder().deadline(null).build()).isNotEqualTo(t);
    assertThat(t.toString()).contains("connect=PT1S").contains("deadline=PT5S");
    assertThat(t.write()).isEqualTo(Duration.ofSeconds(3));

    UploadRequest r = UploadRequest.builder().key("k").contentType("t/x").contentLength(10L)
        .partSize(5L).metadata(java.util.Map.of("a", "b")).overwrite(false)
        .deadline(Duration.ofSeconds(1)).build();
    assertThat(r.contentType()).contains("t/x");
    assertThat(r.contentLength()).hasValue(10);
    assertThat(r.partSize()).hasValue(5);
    assertThat(r.partCount()).isEmpty();
    assertThat(r.deadline()).contains(Duration.ofSeconds(1));
    assertThat(r).isEqualTo(r.toBuilder().build()).hasSameHashCodeAs(r.toBuilder().build());
    assertThat(r.toString()).contains("contentLength=10").contains("overwrite=false");
    assertThat(r).isNotEqualTo(r.toBuilder().partSize(6L).build());

    PartTarget p = PartTarget.builder().partNumber(0).url(URI.create("https://h/p?sig=1"))
        .header("Content-Type", "x").expiresAt(Instant.EPOCH).build();
    assertThat(p).isEqualTo(PartTarget.builder().partNumber(0).url(URI.create("https://h/p?sig=1"))
        .header("Content-Type", "x").expiresAt(Instant.EPOCH).build());
    assertThat(p.toString()).contains("?<redacted>").contains("expiresAt");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> PartTarget.of(-1, URI.create("https://h/"))).field()).isEqualTo("partNumber");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> PartTarget.of(1, URI.create("/relative"))).field()).isEqualTo("url");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> PartTarget.builder().partNumber(1).build()).field()).isEqualTo("url");

    UploadSession s = UploadSession.builder().dialect("d").uploadId("u").destination("b")
        .key("k").initiatedAt(Instant.EPOCH).addPart(p).handle("h", "v").requestId("").build();
    assertThat(s.requestId()).isEmpty();
    assertThat(s.toBuilder().build()).isEqualTo(s);
    assertThat(s.toBuilder().uploadId("other").build()).isNotEqualTo(s);
    assertThat(RetryPolicy.defaults().toString()).contains("maxAttempts=3");
    assertThat(RetryPolicy.defaults().isRetryableStatus(503)).isTrue();
    assertThat(RetryPolicy.defaults().isRetryableStatus(501)).isFalse();
    assertThat(HttpRequest.builder("GET", URI.create("https://h/p?q=secret")).body(new byte[3])
        .build().toString()).isEqualTo("GET https://h/p?<query> headers=[] body=3B");
    assertThat(HttpResponse.builder(200).body("a\u0001\n  b".getBytes()).build().bodySnippet(10))
        .isEqualTo("a b");
  }
}
