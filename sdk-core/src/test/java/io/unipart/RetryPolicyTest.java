package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.internal.HttpDates;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void defaultsAreThoseDocumented() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.baseDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(p.maxDelay()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.retryableStatuses()).containsExactly(429, 500, 502, 503, 504);
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void throttlingHasItsOwnBudgetAndALargerBase() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.maxThrottledRetries()).isEqualTo(20);
    assertThat(p.throttledBaseDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(p.throttledMaxDelay()).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.isThrottlingStatus(429)).isTrue();
    assertThat(p.isThrottlingStatus(503)).isTrue();
    assertThat(p.isThrottlingStatus(500)).isFalse();
    assertThat(p.throttlingWindow()).isEmpty();
    assertThat(RetryPolicy.none().maxThrottledRetries()).isZero();
    assertThat(p.toBuilder().build()).isEqualTo(p);
  }

  @Test
  void throttledBackoffIsEqualJitterNeverABusyLoop() {
    RetryPolicy p = RetryPolicy.defaults();
    long[] ceilings = {500, 1000, 2000, 4000, 8000, 16000, 20000, 20000};
    Instant now = Instant.parse("2026-11-30T10:00:00Z");
    for (int retry = 1; retry <= ceilings.length; retry++) {
      long min = Long.MAX_VALUE;
      long max = 0;
      for (int i = 0; i < 2000; i++) {
        long d = p.throttledBackoff(retry, now).toMillis();
        assertThat(d).isBetween(ceilings[retry - 1] / 2, ceilings[retry - 1]);
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
      assertThat(min).as("retry %d", retry).isLessThan(ceilings[retry - 1] * 6 / 10);
      assertThat(max).as("retry %d", retry).isGreaterThan(ceilings[retry - 1] * 9 / 10);
    }
  }

  @Test
  void aThrottlingWindowWaitsIntoTheNextWindow() {
    RetryPolicy p = RetryPolicy.builder().throttlingWindow(Duration.ofMinutes(1)).build();
    for (int i = 0; i < 500; i++) {
      Instant now = Instant.parse("2026-11-30T10:00:42.250Z");
      Duration d = p.throttledBackoff(1 + i % 5, now);
      Instant next = now.plus(d);
      assertThat(next).isBetween(Instant.parse("2026-11-30T10:01:00Z"),
          Instant.parse("2026-11-30T10:01:01Z"));
    }
    InvalidRequestException e = catchThrowableOfType(() -> RetryPolicy.builder()
        .throttledBaseDelay(Duration.ofMinutes(2)).build(), InvalidRequestException.class);
    assertThat(e.field()).isEqualTo("retryPolicy.throttledBaseDelay");
  }

  @Test
  void backoffIsFullJitterUnderAnExponentialCeiling() {
    RetryPolicy p = RetryPolicy.defaults();
    long[] ceilings = {100, 200, 400, 800, 1600, 3200, 6400, 12800, 20000, 20000};
    for (int retry = 1; retry <= ceilings.length; retry++) {
      long max = 0;
      long min = Long.MAX_VALUE;
      for (int i = 0; i < 2000; i++) {
        long d = p.backoff(retry).toMillis();
        assertThat(d).isBetween(0L, ceilings[retry - 1]);
        max = Math.max(max, d);
        min = Math.min(min, d);
      }
      assertThat(max).as("retry %d", retry).isGreaterThan(ceilings[retry - 1] * 8 / 10);
      assertThat(min).as("retry %d", retry).isLessThan(ceilings[retry - 1] * 2 / 10);
    }
    assertThat(p.backoff(500).toMillis()).isBetween(0L, 20_000L);
  }

  @Test
  void builderValidates() {
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> RetryPolicy.builder().maxAttempts(0)).field()).isEqualTo("retryPolicy.maxAttempts");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> RetryPolicy.builder().baseDelay(Duration.ofSeconds(30)).build()).field())
        .isEqualTo("retryPolicy.baseDelay");
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> RetryPolicy.builder().retryableStatuses(Set.of(42))).field())
        .isEqualTo("retryPolicy.retryableStatuses");
    assertThat(RetryPolicy.builder().maxAttempts(5).build().toBuilder().build())
        .isEqualTo(RetryPolicy.builder().maxAttempts(5).build());
  }

  @Test
  void retryAfterReadsSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    assertThat(HttpDates.retryAfter("7", now)).isEqualTo(Duration.ofSeconds(7));
    assertThat(HttpDates.retryAfter("Sat, 21 Nov 2026 12:00:05 GMT", now))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(HttpDates.retryAfter("Sat, 21 Nov 2026 11:00:00 GMT", now))
        .isEqualTo(Duration.ZERO);
    assertThat(HttpDates.retryAfter("soon", now)).isNull();
    assertThat(HttpDates.retryAfter(null, now)).isNull();
    assertThat(HttpDates.retryAfter("99999999999999999999999", now)).isNull();
  }

  @Test
  void timeoutsHaveSafeDefaults() {
    Timeouts t = Timeouts.defaults();
    assertThat(t.connect()).isEqualTo(Duration.ofSeconds(10));
    assertThat(t.read()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.write()).isEqualTo(Duration.ofSeconds(60));
    assertThat(t.attempt()).isEqualTo(Duration.ofMinutes(2));
    assertThat(t.deadline()).isEmpty();
    assertThat(catchThrowableOfType(InvalidRequestException.class,
        () -> Timeouts.builder().read(Duration.ofSeconds(-1))).field()).isEqualTo("timeouts.read");
  }
}
