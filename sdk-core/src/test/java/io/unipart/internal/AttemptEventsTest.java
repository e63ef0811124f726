package io.unipart.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.unipart.RetryPolicy;
import io.unipart.ServiceException;
import io.unipart.UploadEventListener;
import io.unipart.UploadEventListener.AttemptEvent;
import io.unipart.http.OkHttpTransport;
import io.unipart.spi.ErrorClassifier;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ServiceError;
import io.unipart.spi.Signer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every HTTP attempt reaches the event listener once, as the server saw it: call, status, bytes
 * each way, and why another attempt follows; a failing listener changes nothing.
 */
class AttemptEventsTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  final List<AttemptEvent> events = new CopyOnWriteArrayList<>();
  final OkHttpTransport transport = OkHttpTransport.create();
  final ErrorClassifier classifier = response -> response.isSuccessful() ? null
      : ServiceError.builder(response.status()).code(response.header("X-Code"))
          .throttling(response.status() == 429).build();

  @AfterEach
  void close() {
    transport.close();
  }

  final UploadEventListener recording = new UploadEventListener() {
    @Override
    public void attemptFinished(AttemptEvent attempt) {
      events.add(attempt);
    }
  };

  RequestExecutor executor(UploadEventListener listener) {
    return RequestExecutor.builder("test", transport, Signer.NONE, classifier)
        .retryPolicy(RetryPolicy.defaults()).sleeper(d -> { }).eventListener(listener).build();
  }

  static HttpRequest put(String body) {
    return HttpRequest.builder("PUT", URI.create("http://127.0.0.1:" + wm.getPort() + "/k"))
        .operation("uploadPart").body(body.getBytes(StandardCharsets.UTF_8)).build();
  }

  @Test
  void aRetriedCallReportsEachAttemptWithWhyItWasRetried() {
    wm.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(500).withHeader("X-Code", "InternalError"))
        .willSetStateTo("throttle"));
    wm.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs("throttle")
        .willReturn(aResponse().withStatus(429)).willSetStateTo("reset"));
    wm.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs("reset")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
        .willSetStateTo("ok"));
    wm.stubFor(any(anyUrl()).inScenario("s").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200).withBody("etag-1")));

    String answer = executor(recording).execute(put("12345"), HttpResponse::bodyText, null);

    assertThat(answer).isEqualTo("etag-1");
    assertThat(events).hasSize(4);
    assertThat(events).extracting(AttemptEvent::attempt).containsExactly(1, 2, 3, 4);
    assertThat(events).allSatisfy(e -> {
      assertThat(e.dialect()).isEqualTo("test");
      assertThat(e.call()).isEqualTo("uploadPart");
      assertThat(e.requestBytes()).isEqualTo(5);
      assertThat(e.duration()).isPositive();
    });
    assertThat(events).extracting(AttemptEvent::status).containsExactly(500, 429, -1, 200);
    assertThat(events).extracting(AttemptEvent::retryReason)
        .containsExactly("HTTP 500", "throttled", events.get(2).error(), null);
    assertThat(events.get(0).error()).isEqualTo("InternalError");
    assertThat(events.get(2).error()).endsWith("Exception");
    assertThat(events.get(2).responseBytes()).isEqualTo(-1);
    assertThat(events.get(3).responseBytes()).isEqualTo(6);
    assertThat(events.get(3).error()).isNull();
  }

  @Test
  void theLastAttemptOfAFailedCallHasNoRetryReason() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(403).withHeader("X-Code", "Denied")));
    ServiceException e = catchThrowableOfType(ServiceException.class,
        () -> executor(recording).execute(put("x"), HttpResponse::bodyText, null));
    assertThat(e.errorCode()).isEqualTo("Denied");
    assertThat(events).singleElement().satisfies(a -> {
      assertThat(a.status()).isEqualTo(403);
      assertThat(a.retryReason()).isNull();
      assertThat(a.error()).isEqualTo("Denied");
    });
  }

  @Test
  void aListenerThatThrowsChangesNothing() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("ok")));
    UploadEventListener broken = new UploadEventListener() {
      @Override
      public void attemptFinished(AttemptEvent attempt) {
        throw new IllegalStateException("listener bug");
      }
    };
    assertThat(executor(broken).execute(put("x"), HttpResponse::bodyText, null)).isEqualTo("ok");
  }
}
