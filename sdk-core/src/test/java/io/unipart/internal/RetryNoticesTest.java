package io.unipart.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.RetryPolicy;
import io.unipart.ServiceException;
import io.unipart.ThrottlingException;
import io.unipart.Timeouts;
import io.unipart.TransportException;
import io.unipart.UploadEventListener;
import io.unipart.http.OkHttpTransport;
import io.unipart.spi.ErrorClassifier;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.ServiceError;
import io.unipart.spi.Signer;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A long retry is visible while it waits (a {@code RetryEvent} before every wait, saying what
 * failed, which retry of which budget, and for how long), and an endpoint that is down ends
 * soon: connections that fail before any answer draw on a budget of their own.
 */
class RetryNoticesTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final List<UploadEventListener.RetryEvent> notices = new CopyOnWriteArrayList<>();
  private final OkHttpTransport transport = OkHttpTransport.create();

  private final Signer signer = (request, now) -> request;
  private final ErrorClassifier classifier = response -> response.isSuccessful() ? null
      : ServiceError.builder(response.status()).code(response.header("X-Code")).build();

  /** Cognite's budgets: 10 error retries up to 60 s apart, 3 connection retries. */
  private static final RetryPolicy PATIENT = RetryPolicy.builder().maxAttempts(11)
      .baseDelay(Duration.ofMillis(500)).maxDelay(Duration.ofSeconds(60))
      .maxConnectionRetries(3).build();

  @AfterEach
  void close() {
    transport.close();
  }

  private RequestExecutor executor(RetryPolicy policy) {
    return RequestExecutor.builder("test", transport, signer, classifier)
        .retryPolicy(policy).timeouts(Timeouts.defaults()).sleeper(sleeps::add)
        .eventListener(new UploadEventListener() {
          @Override
          public void retryScheduled(RetryEvent retry) {
            notices.add(retry);
          }
        }).build();
  }

  private static HttpRequest call(URI uri) {
    return HttpRequest.builder("POST", uri).operation("initiate").body(new byte[0]).build();
  }

  @Test
  void aRefusedConnectionEndsAfterItsOwnBudgetNotTheErrorOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    TransportException e = catchThrowableOfType(() -> executor(PATIENT).execute(
        call(URI.create("http://127.0.0.1:" + port + "/x")), r -> null, null),
        TransportException.class);

    assertThat(e).isNotNull();
    assertThat(e.attempts()).isEqualTo(4); // the first and 3 connection retries, not 11
    assertThat(notices).extracting(UploadEventListener.RetryEvent::retry)
        .containsExactly(1, 2, 3);
    assertThat(notices).allSatisfy(n -> {
      assertThat(n.reason()).isEqualTo("ConnectException");
      assertThat(n.of()).isEqualTo(3);
      assertThat(n.call()).isEqualTo("initiate");
      assertThat(n.dialect()).isEqualTo("test");
    });
    // Each notice comes before its wait, and says that wait.
    assertThat(notices).extracting(UploadEventListener.RetryEvent::delay).isEqualTo(sleeps);
  }

  @Test
  void aConnectionResetBeforeAnyAnswerDrawsOnTheSameBudget() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    TransportException e = catchThrowableOfType(() -> executor(PATIENT).execute(
        call(URI.create(wm.baseUrl() + "/x")), r -> null, null), TransportException.class);

    assertThat(e.attempts()).isEqualTo(4);
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(4);
    assertThat(notices).hasSize(3).allSatisfy(n -> assertThat(n.of()).isEqualTo(3));
  }

  @Test
  void errorsKeepTheirLongerBudgetAndEachWaitIsAnnounced() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(502)));

    ServiceException e = catchThrowableOfType(() -> executor(PATIENT).execute(
        call(URI.create(wm.baseUrl() + "/x")), r -> null, null), ServiceException.class);

    assertThat(e.attempts()).isEqualTo(11);
    assertThat(notices).extracting(UploadEventListener.RetryEvent::retry)
        .isEqualTo(IntStream.rangeClosed(1, 10).boxed().collect(Collectors.toList()));
    assertThat(notices).allSatisfy(n -> {
      assertThat(n.reason()).isEqualTo("HTTP 502");
      assertThat(n.of()).isEqualTo(10);
    });
    assertThat(notices).extracting(UploadEventListener.RetryEvent::delay).isEqualTo(sleeps);
  }

  @Test
  void throttlingSaysSoAndCountsAgainstItsOwnBudget() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("X-Code",
        "SlowDown")));

    ThrottlingException e = catchThrowableOfType(() -> executor(RetryPolicy.builder()
        .maxThrottledRetries(4).build()).execute(call(URI.create(wm.baseUrl() + "/x")),
        r -> null, null), ThrottlingException.class);

    assertThat(e).isNotNull();
    assertThat(notices).extracting(UploadEventListener.RetryEvent::retry)
        .containsExactly(1, 2, 3, 4);
    assertThat(notices).allSatisfy(n -> {
      assertThat(n.reason()).isEqualTo("throttled (SlowDown)");
      assertThat(n.of()).isEqualTo(4);
    });
  }

  @Test
  void theConnectionBudgetIsPartOfThePolicy() {
    assertThat(RetryPolicy.defaults().maxConnectionRetries()).isEqualTo(2);
    assertThat(PATIENT.toBuilder().build()).isEqualTo(PATIENT);
    assertThat(PATIENT.toString()).contains("maxConnectionRetries=3");
    assertThat(catchThrowableOfType(() -> RetryPolicy.builder().maxConnectionRetries(-1),
        io.unipart.InvalidRequestException.class).field())
        .isEqualTo("retryPolicy.maxConnectionRetries");
  }
}
