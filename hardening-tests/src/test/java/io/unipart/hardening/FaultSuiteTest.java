package io.unipart.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.MultipartInitiator;
import io.unipart.ServiceException;
import io.unipart.Timeouts;
import io.unipart.TransportException;
import io.unipart.UploadException;
import io.unipart.UploadSession;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One fault suite for every dialect: each scripted fault ends, within the call's deadline, in
 * success after retry or in the documented typed exception with its attempt count; nothing else
 * escapes, no secret shows, and nothing is left behind.
 */
class FaultSuiteTest {
  static final Duration ATTEMPT = Duration.ofMillis(400);
  static final Duration DEADLINE = Duration.ofMillis(1500);
  static final Duration SLACK = Duration.ofMillis(1500);
  static final AtomicInteger CASES = new AtomicInteger();

  @RegisterExtension
  static WireMockExtension server =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static WireMockExtension elsewhere =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  static int threadsBefore;
  static JunkServer junk;

  enum Case {
    CONNECTION_REFUSED, RESET_BEFORE_RESPONSE, RESET_MID_BODY, NO_ANSWER, DRIPPING_BODY,
    STATUS_500, STATUS_502, STATUS_503, STATUS_504, RETRY_AFTER_SECONDS, RETRY_AFTER_DATE,
    EMPTY_200, TRUNCATED_BODY, HTML_502, JUNK_50MB, INVALID_UTF8, WRONG_CONTENT_TYPE,
    REDIRECT_301, REDIRECT_307
  }

  @BeforeAll
  static void before() throws IOException {
    threadsBefore = unipartThreads();
    junk = new JunkServer();
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (Dialect d : Dialects.all()) {
      for (Case f : Case.values()) {
        all.add(Arguments.of(d, f));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void endsInTheDocumentedWayWithinTheDeadline(Dialect d, Case fault) throws Exception {
    server.resetAll();
    elsewhere.resetAll();
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    String base = fault == Case.CONNECTION_REFUSED ? "http://127.0.0.1:" + closedPort()
        : fault == Case.JUNK_50MB ? junk.baseUrl() : server.baseUrl();
    script(d, fault);
    UploadSession[] session = new UploadSession[1];
    long start = System.nanoTime();
    Throwable thrown;
    // Retry-After asks for more than the short deadline allows: the executor rightly refuses to
    // start a wait that passes it, so those cases get room (the sleeper takes no real time).
    Duration deadline = fault == Case.RETRY_AFTER_SECONDS || fault == Case.RETRY_AFTER_DATE
        ? Duration.ofSeconds(30) : DEADLINE;
    // The dialect's own policy, held to 3 attempts and 2 throttled retries so every dialect's
    // count is the same here (ThrottlingBudgetTest holds the full budgets).
    io.unipart.RetryPolicy policy = d.defaultRetryPolicy().toBuilder().maxAttempts(3)
        .maxThrottledRetries(2).build();
    try (MultipartInitiator client = d.client(base, b -> b
        .timeouts(Timeouts.builder().connect(Duration.ofMillis(500)).attempt(ATTEMPT)
            .deadline(deadline).build())
        .retryPolicy(policy)
        .sleeper(sleeps::add))) {
      thrown = catchThrowable(() -> session[0] = client.initiate(d.request()));
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    CASES.incrementAndGet();

    assertThat(elapsed).as("ends within the deadline").isLessThan(DEADLINE.plus(SLACK));
    if (thrown != null) {
      assertThat(thrown).as("only documented exceptions escape")
          .isInstanceOfAny(ServiceException.class, TransportException.class);
      assertNoSecret(thrown);
    }
    switch (fault) {
      case CONNECTION_REFUSED:
      case RESET_BEFORE_RESPONSE:
      case RESET_MID_BODY:
        assertThat(thrown).isInstanceOf(TransportException.class);
        assertThat(((UploadException) thrown).attempts()).isEqualTo(3);
        break;
      case NO_ANSWER:
      case DRIPPING_BODY:
        assertThat(thrown).isInstanceOf(TransportException.class);
        assertThat(((TransportException) thrown).isTimeout()).isTrue();
        assertThat(((UploadException) thrown).attempts()).isBetween(1, 3);
        break;
      case STATUS_500:
      case STATUS_502:
      case STATUS_503:
      case STATUS_504:
        int status = Integer.parseInt(fault.name().substring(7));
        assertService(thrown, status, d.attemptsFor(status));
        break;
      case RETRY_AFTER_SECONDS:
        assertThat(thrown).as(String.valueOf(thrown)).isNull();
        assertThat(session[0].uploadId()).isNotBlank();
        assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
        break;
      case RETRY_AFTER_DATE:
        assertThat(thrown).as(String.valueOf(thrown)).isNull();
        assertThat(sleeps).hasSize(1);
        assertThat(sleeps.get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(4));
        break;
      case EMPTY_200:
      case TRUNCATED_BODY:
      case INVALID_UTF8:
        assertService(thrown, d.successStatus() == 201 && fault != Case.EMPTY_200 ? 201 : 200, 1);
        break;
      case HTML_502:
        assertService(thrown, 502, 3);
        assertThat(((ServiceException) thrown).errorMessage()).contains("Bad Gateway");
        break;
      case JUNK_50MB:
        assertService(thrown, 200, 1);
        assertThat(((ServiceException) thrown).errorMessage()).contains("exceeds");
        break;
      case WRONG_CONTENT_TYPE:
        assertThat(thrown).as("the body decides, not the content type: " + thrown).isNull();
        assertThat(session[0].uploadId()).isNotBlank();
        break;
      case REDIRECT_301:
      case REDIRECT_307:
        assertService(thrown, Integer.parseInt(fault.name().substring(9)), 1);
        assertThat(elsewhere.findAll(anyRequestedFor(anyUrl()))).as("nothing follows").isEmpty();
        break;
      default:
        throw new AssertionError(fault);
    }
  }

  private static void assertService(Throwable thrown, int status, int attempts) {
    assertThat(thrown).isInstanceOf(ServiceException.class);
    ServiceException e = (ServiceException) thrown;
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.attempts()).isEqualTo(attempts);
  }

  private static void script(Dialect d, Case fault) {
    ResponseDefinitionBuilder answer;
    switch (fault) {
      case CONNECTION_REFUSED:
        return;
      case RESET_BEFORE_RESPONSE:
        answer = aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
        break;
      case RESET_MID_BODY:
        answer = aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.MALFORMED_RESPONSE_CHUNK);
        break;
      case NO_ANSWER:
        answer = d.success().withFixedDelay(5000);
        break;
      case DRIPPING_BODY:
        answer = d.success().withChunkedDribbleDelay(20, 5000);
        break;
      case STATUS_500:
      case STATUS_502:
      case STATUS_503:
      case STATUS_504:
        answer = aResponse().withStatus(Integer.parseInt(fault.name().substring(7)))
            .withBody("{}");
        break;
      case RETRY_AFTER_SECONDS:
        firstThen(aResponse().withStatus(429).withHeader("Retry-After", "2").withBody("{}"),
            d.success());
        return;
      case RETRY_AFTER_DATE:
        String in3s = DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.now().plusSeconds(4).atOffset(ZoneOffset.UTC));
        firstThen(aResponse().withStatus(429).withHeader("Retry-After", in3s).withBody("{}"),
            d.success());
        return;
      case EMPTY_200:
        answer = aResponse().withStatus(200);
        break;
      case TRUNCATED_BODY:
        String body = d.successBody();
        answer = aResponse().withStatus(d.successStatus())
            .withBody(body.substring(0, body.length() / 2));
        break;
      case HTML_502:
        answer = aResponse().withStatus(502).withHeader("Content-Type", "text/html")
            .withBody("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502"
                + " Bad Gateway</h1></center><hr><center>nginx</center></body></html>");
        break;
      case JUNK_50MB:
        return;
      case INVALID_UTF8:
        byte[] ok = d.successBody().getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[ok.length + 2];
        System.arraycopy(ok, 0, bad, 0, 2);
        bad[2] = (byte) 0xC3;
        bad[3] = (byte) 0x28;
        System.arraycopy(ok, 2, bad, 4, ok.length - 2);
        answer = aResponse().withStatus(d.successStatus()).withBody(bad);
        break;
      case WRONG_CONTENT_TYPE:
        answer = aResponse().withStatus(d.successStatus())
            .withHeader("Content-Type", "text/html; charset=iso-8859-1").withBody(d.successBody());
        break;
      case REDIRECT_301:
      case REDIRECT_307:
        answer = aResponse().withStatus(Integer.parseInt(fault.name().substring(9)))
            .withHeader("Location", elsewhere.baseUrl() + "/elsewhere");
        break;
      default:
        throw new AssertionError(fault);
    }
    server.stubFor(any(anyUrl()).willReturn(answer));
  }

  private static void firstThen(ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
    server.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs(STARTED).willReturn(first)
        .willSetStateTo("then"));
    server.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs("then").willReturn(then));
  }

  static void assertNoSecret(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String text = c + " " + c.getMessage();
      for (String secret : Dialect.ALL_SECRETS) {
        assertThat(text).as("no secret in %s", c.getClass().getSimpleName())
            .doesNotContain(secret);
      }
    }
  }

  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static int unipartThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("unipart-")).count();
  }

  @AfterAll
  static void nothingIsLeftBehind() throws Exception {
    junk.close();
    assertThat(CASES.get()).isEqualTo(Dialects.all().size() * Case.values().length);
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int port = server.getPort();
    while (System.nanoTime() < until
        && (unipartThreads() > threadsBefore || LoopbackSockets.established(port) > 0)) {
      Thread.sleep(100);
    }
    assertThat(unipartThreads()).as("unipart threads").isLessThanOrEqualTo(threadsBefore);
    assertThat(LoopbackSockets.established(port)).as("open client connections").isZero();
  }
}
