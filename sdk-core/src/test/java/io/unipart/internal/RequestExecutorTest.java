package io.unipart.internal;

import io.unipart.ClientBuilder;
import io.unipart.http.HttpTransport;
import io.unipart.http.OkHttpTransport;
import io.unipart.spi.ErrorClassifier;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
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
import io.unipart.RetryPolicy;
import io.unipart.ServiceException;
import io.unipart.Timeouts;
import io.unipart.TransportException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The executor's promises, with a minimal dialect: a header signer and a status classifier. */
class RequestExecutorTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final AtomicInteger signatures = new AtomicInteger();
  final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  final OkHttpTransport transport = OkHttpTransport.create();

  final Signer signer = (request, now) -> request.toBuilder()
      .header("X-Signed", String.valueOf(signatures.incrementAndGet())).build();
  final ErrorClassifier classifier = response -> response.isSuccessful()
      ? null
      : ServiceError.builder(response.status()).code(response.header("X-Code")).build();

  @AfterEach
  void close() {
    transport.close();
  }

  RequestExecutor executor(RetryPolicy policy, Timeouts timeouts) {
    return RequestExecutor.builder("test", transport, signer, classifier)
        .retryPolicy(policy).timeouts(timeouts).sleeper(sleeps::add).build();
  }

  RequestExecutor executor() {
    return executor(RetryPolicy.defaults(), Timeouts.defaults());
  }

  static HttpRequest get() {
    return HttpRequest.builder("GET", URI.create("http://127.0.0.1:" + wm.getPort() + "/x"))
        .build();
  }

  @Test
  void aPartAttemptGetsTimeForItsBodyAtTheSlowestRate() {
    RequestExecutor e = executor(RetryPolicy.defaults(),
        Timeouts.builder().attempt(Duration.ofSeconds(30)).build());
    assertThat(e.attemptTimeoutFor(0)).isEqualTo(Duration.ofSeconds(30));
    assertThat(e.attemptTimeoutFor(8L << 20)).isEqualTo(Duration.ofSeconds(30 + 32));
    assertThat(e.attemptTimeoutFor(5L << 30)).isEqualTo(Duration.ofSeconds(30 + 20_480));
  }

  @Test
  void signsEveryAttemptAndStopsAtTheFirstSuccess() {
    wm.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(502)).willSetStateTo("ok"));
    wm.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withBody("fine")));

    String body = executor().execute(get(), HttpResponse::bodyText, null);

    assertThat(body).isEqualTo("fine");
    assertThat(signatures).hasValue(2);
    var sent = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent.get(0).getHeader("X-Signed")).isEqualTo("1");
    assertThat(sent.get(1).getHeader("X-Signed")).isEqualTo("2");
    assertThat(sleeps).hasSize(1);
  }

  @Test
  void statusesOutsideThePolicyAreNotRetried() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400).withHeader("X-Code", "Bad")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> executor().execute(get(), HttpResponse::bodyText, null));
    assertThat(e.errorCode()).isEqualTo("Bad");
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void aCustomPolicyDecidesWhatIsRetried() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(409)));
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(4).retryableStatuses(Set.of(409)).build();
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> executor(policy, Timeouts.defaults()).execute(get(), HttpResponse::bodyText, null));
    assertThat(e.attempts()).isEqualTo(4);
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void aParserFailureIsAMalformedResponse() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("<html>oops")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> executor().execute(get(), r -> {
          throw new ResponseFormatException("expected JSON");
        }, null));
    assertThat(e.error().kind()).isEqualTo(ServiceError.Kind.MALFORMED_RESPONSE);
    assertThat(e.errorMessage()).contains("expected JSON").contains("<html>oops");
  }

  @Test
  void aParserBugIsStillATypedException() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> executor().execute(get(), r -> {
          throw new NullPointerException("boom");
        }, null));
    assertThat(e.error().kind()).isEqualTo(ServiceError.Kind.MALFORMED_RESPONSE);
  }

  @Test
  void aClassifierBugIsStillATypedException() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
    RequestExecutor broken = RequestExecutor.builder("test", transport, signer, r -> {
      throw new IllegalStateException("bug");
    }).build();
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> broken.execute(get(), HttpResponse::bodyText, null));
    assertThat(e.errorMessage()).contains("classifier failed");
  }

  @Test
  void aTransportBugIsATransportException() {
    HttpTransport crashing = (request, timeout, max) -> {
      throw new IllegalStateException("interceptor blew up");
    };
    RequestExecutor e = RequestExecutor.builder("test", crashing, signer, classifier).build();
    TransportException t = catchThrowableOfType(TransportException.class,
        () -> e.execute(get(), HttpResponse::bodyText, null));
    assertThat(t.attempts()).isEqualTo(1);
    assertThat(t).hasMessageContaining("interceptor blew up");
  }

  @Test
  void aWaitThatWouldPassTheDeadlineEndsTheCallAtOnce() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "5")));
    RetryPolicy policy = RetryPolicy.builder().maxDelay(Duration.ofSeconds(10)).build();
    long start = System.nanoTime();
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> executor(policy, Timeouts.defaults()).execute(get(), HttpResponse::bodyText,
            Duration.ofSeconds(2)));
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(sleeps).isEmpty();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1500);
  }

  @Test
  void anInterruptedCallerIsNotRetried() {
    HttpTransport interrupted = (request, timeout, max) -> {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    };
    RequestExecutor e = RequestExecutor.builder("test", interrupted, signer, classifier)
        .sleeper(sleeps::add).build();
    try {
      TransportException t = catchThrowableOfType(TransportException.class,
          () -> e.execute(get(), HttpResponse::bodyText, null));
      assertThat(t.attempts()).isEqualTo(1);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(sleeps).isEmpty();
  }

  @Test
  void tlsFailuresAreNotRetried() {
    HttpTransport tls = (request, timeout, max) -> {
      throw new javax.net.ssl.SSLHandshakeException("PKIX path building failed");
    };
    RequestExecutor e = RequestExecutor.builder("test", tls, signer, classifier)
        .sleeper(sleeps::add).build();
    TransportException t = catchThrowableOfType(TransportException.class,
        () -> e.execute(get(), HttpResponse::bodyText, null));
    assertThat(t.attempts()).isEqualTo(1);
  }

  @Test
  void isSafeToShareAcrossThreads() throws Exception {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    RequestExecutor shared = executor();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    Set<String> signed = ConcurrentHashMap.newKeySet();
    try {
      List<Future<String>> results = new java.util.ArrayList<>();
      for (int i = 0; i < 400; i++) {
        results.add(pool.submit(() -> shared.execute(get(), HttpResponse::bodyText, null)));
      }
      for (Future<String> f : results) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
      }
      wm.findAll(anyRequestedFor(anyUrl())).forEach(r -> signed.add(r.getHeader("X-Signed")));
    } finally {
      pool.shutdownNow();
    }
    assertThat(signed).hasSize(400);
  }

  @Test
  void closingAClientRuntimeReleasesItsThreads() throws IOException {
    ClientRuntime runtime = new TestBuilder().runtime("test", signer, classifier);
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    assertThat(runtime.async(() -> runtime.executor().execute(get(), HttpResponse::bodyText, null))
        .join()).isEqualTo("ok");
    runtime.close();
    assertThat(((OkHttpTransport) runtime.executor().transport()).client().dispatcher()
        .executorService().isShutdown()).isTrue();
    assertThat(runtime.async(() -> "late")).isCompletedExceptionally();
  }

  @Test
  void a401LetsTheSignerRenewCredentialsOnce() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)));
    AtomicInteger renewals = new AtomicInteger();
    Signer renewing = new Signer() {
      @Override
      public HttpRequest sign(HttpRequest request, java.time.Instant now) {
        return request.toBuilder().header("X-Token", "t" + renewals.get()).build();
      }

      @Override
      public boolean credentialsRejected(HttpRequest signed) {
        assertThat(signed.header("X-Token")).isEqualTo("t" + renewals.get());
        renewals.incrementAndGet();
        return true;
      }
    };
    RequestExecutor e = RequestExecutor.builder("test", transport, renewing, classifier)
        .sleeper(sleeps::add).build();
    ServiceException failure = catchThrowableOfType(ServiceException.class,
        () -> e.execute(get(), HttpResponse::bodyText, null));
    assertThat(renewals).hasValue(1);
    assertThat(failure.attempts()).isEqualTo(2);
    var sent = wm.findAll(anyRequestedFor(anyUrl()));
    assertThat(sent).extracting(r -> r.getHeader("X-Token")).containsExactly("t0", "t1");
    assertThat(sleeps).isEmpty();
  }

  @Test
  void theDefaultAsyncPoolIsBounded() throws Exception {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")
        .withFixedDelay(200)));
    ClientRuntime runtime = new TestBuilder().runtime("bounded", signer, classifier);
    try {
      List<java.util.concurrent.CompletableFuture<String>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 150; i++) {
        calls.add(runtime.async(() -> runtime.executor().execute(get(), HttpResponse::bodyText,
            null)));
      }
      Thread.sleep(100);
      long threads = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("unipart-bounded-async-")).count();
      assertThat(threads).isEqualTo(ClientRuntime.ASYNC_THREADS);
      for (var c : calls) {
        assertThat(c.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
      }
    } finally {
      runtime.close();
    }
  }

  /** The smallest dialect builder. */
  static final class TestBuilder extends ClientBuilder<TestBuilder> {
    @Override
    protected TestBuilder self() {
      return this;
    }

    ClientRuntime runtime(String dialect, Signer signer, ErrorClassifier classifier) {
      return buildRuntime(dialect, signer, classifier);
    }
  }
}
