package io.unipart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.unipart.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest {

  @Test
  void neverAllowsMoreThanThePermitsInAnyWindow() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
    SlidingWindowRateLimiter limiter = SlidingWindowRateLimiter.of(20, Duration.ofMinutes(1), clock);
    List<Instant> sends = new ArrayList<>();
    for (int i = 0; i < 75; i++) {
      Duration wait = limiter.reserve();
      sends.add(clock.instant().plus(wait));
      if (i % 7 == 0) {
        clock.advance(Duration.ofSeconds(1));
      }
    }
    for (int i = 0; i + 20 < sends.size(); i++) {
      assertThat(Duration.between(sends.get(i), sends.get(i + 20)))
          .as("request %d and %d", i, i + 20).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
    }
    assertThat(Duration.between(sends.get(0), sends.get(19))).isLessThan(Duration.ofMinutes(1));
  }

  @Test
  void aFreeSlotCostsNoWait() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
    SlidingWindowRateLimiter limiter = SlidingWindowRateLimiter.of(2, Duration.ofSeconds(10), clock);
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(11));
    assertThat(limiter.reserve()).isZero();
  }
}
