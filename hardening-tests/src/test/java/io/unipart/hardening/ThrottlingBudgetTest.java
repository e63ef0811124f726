package io.unipart.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.MultipartInitiator;
import io.unipart.ThrottlingException;
import io.unipart.Timeouts;
import io.unipart.UploadSession;
import io.unipart.testkit.LocalHttpStub;
import io.unipart.testkit.LocalHttpStub.Reply;
import io.unipart.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each dialect's default retry policy against a throttling storm, the way its provider throttles
 * (S3 and COS: {@code SlowDown} 503; Cognite: 429; Guance: HTTP 401 {@code
 * ft.TriggerApiAkCurrentLimiting}; the presigned API: 429), on a manual clock that only the
 * client's sleeper moves: a 90-second storm ends in success, a storm that outlasts the call's
 * deadline ends in a {@link ThrottlingException} before the deadline passes, and no wait is short
 * enough to make a busy loop.
 */
class ThrottlingBudgetTest {
  static final Instant START = Instant.parse("2026-11-30T10:00:20Z");

  static Stream<Arguments> dialects() {
    return Stream.of(
        Arguments.of(new Dialects.S3(), Reply.of(503, "application/xml",
            "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>"
                + "<RequestId>R1</RequestId></Error>"), Duration.ofMillis(250)),
        Arguments.of(new Dialects.Cos(), Reply.of(503, "application/xml",
            "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message>"
                + "<RequestId>R1</RequestId></Error>"), Duration.ofMillis(250)),
        Arguments.of(new Dialects.Cognite(), Reply.of(429, "application/json",
            "{\"error\":{\"code\":429,\"message\":\"Too many concurrent requests\"}}"),
            Duration.ofMillis(250)),
        Arguments.of(new Dialects.Rum(), Reply.of(401, "application/json",
            "{\"code\":401,\"content\":null,\"errorCode\":\"ft.TriggerApiAkCurrentLimiting\","
                + "\"message\":\"rate limited\",\"success\":false,\"traceId\":\"T\"}"),
            Duration.ofSeconds(1)),
        Arguments.of(new Dialects.Presigned(), Reply.of(429, "application/json",
            "{\"success\":false,\"errors\":[\"Too Many Requests\"],\"messages\":[],"
                + "\"result\":null,\"resultInfo\":null,\"statusCode\":429}"),
            Duration.ofMillis(250)));
  }

  /** A provider that throttles until the manual clock passes {@code stormEnd}. */
  static final class Storm {
    final ManualClock clock = new ManualClock(START);
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    final Dialect dialect;
    final Reply throttled;
    final Instant stormEnd;
    int requests;

    Storm(Dialect dialect, Reply throttled, Duration length) {
      this.dialect = dialect;
      this.throttled = throttled;
      this.stormEnd = START.plus(length);
    }

    synchronized Reply answer(LocalHttpStub.Request request) {
      requests++;
      if (clock.instant().isBefore(stormEnd)) {
        return throttled;
      }
      String body = dialect.successBody();
      return Reply.of(dialect.successStatus(), body.startsWith("<") ? "application/xml"
          : "application/json", body);
    }

    MultipartInitiator client(LocalHttpStub stub, Duration deadline) {
      return dialect.client(stub.baseUrl(), b -> b.clock(clock)
          .sleeper(d -> {
            sleeps.add(d);
            clock.advance(d);
          })
          .timeouts(Timeouts.builder().deadline(deadline).build()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void aNinetySecondStormEndsInSuccess(Dialect dialect, Reply throttled, Duration shortest)
      throws Exception {
    Storm storm = new Storm(dialect, throttled, Duration.ofSeconds(90));
    try (LocalHttpStub stub = LocalHttpStub.start(storm::answer);
        MultipartInitiator client = storm.client(stub, Duration.ofMinutes(15))) {
      UploadSession session = client.initiate(dialect.request());
      assertThat(session.uploadId()).isNotEmpty();
    }
    assertThat(storm.clock.instant()).isAfterOrEqualTo(storm.stormEnd);
    assertThat(storm.sleeps).isNotEmpty().allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(
        shortest));
    assertThat(storm.requests).as("requests in a 90 s storm").isLessThanOrEqualTo(25);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void aStormLongerThanTheDeadlineEndsInAThrottlingErrorBeforeIt(Dialect dialect,
      Reply throttled, Duration shortest) throws Exception {
    Storm storm = new Storm(dialect, throttled, Duration.ofHours(2));
    Duration deadline = Duration.ofMinutes(4);
    ThrottlingException e;
    try (LocalHttpStub stub = LocalHttpStub.start(storm::answer);
        MultipartInitiator client = storm.client(stub, deadline)) {
      e = catchThrowableOfType(() -> client.initiate(dialect.request()),
          ThrottlingException.class);
    }
    assertThat(e).as("a typed throttling error").isNotNull();
    assertThat(e.isThrottling()).isTrue();
    assertThat(e.attempts()).isGreaterThan(1);
    assertThat(storm.clock.instant()).isBefore(START.plus(deadline));
    assertThat(storm.sleeps).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(shortest));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialects")
  void withoutADeadlineTheThrottlingBudgetEndsTheStorm(Dialect dialect, Reply throttled,
      Duration shortest) throws Exception {
    Storm storm = new Storm(dialect, throttled, Duration.ofDays(1));
    ThrottlingException e;
    try (LocalHttpStub stub = LocalHttpStub.start(storm::answer);
        MultipartInitiator client = dialect.client(stub.baseUrl(), b -> b.clock(storm.clock)
            .sleeper(d -> {
              storm.sleeps.add(d);
              storm.clock.advance(d);
            }))) {
      e = catchThrowableOfType(() -> client.initiate(dialect.request()),
          ThrottlingException.class);
    }
    assertThat(e).isNotNull();
    // Each dialect's budget: S3, COS and the presigned API 20 throttled retries, Cognite 10 (as
    // its SDK), Guance 30 one-minute windows.
    Map<String, Integer> budget = Map.of("s3", 20, "cos", 20, "presigned", 20, "cognite", 10,
        "rum", 30);
    assertThat(storm.requests).isEqualTo(budget.get(dialect.name()) + 1);
    assertThat(storm.sleeps).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(shortest));
  }
}
