package io.unipart.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlidingWindowRateLimiterTest {

  /** A clock that advances as the limiter's callers "sleep". */
  static final class SimulatedClock extends Clock {
    Instant now = Instant.parse("2026-11-21T10:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void neverAllowsMoreThanThePermitsInAnyWindow() {
    SimulatedClock clock = new SimulatedClock();
    SlidingWindowRateLimiter limiter = SlidingWindowRateLimiter.of(20, Duration.ofMinutes(1), clock);
    List<Instant> sends = new ArrayList<>();
    for (int i = 0; i < 75; i++) {
      Duration wait = limiter.reserve();
      sends.add(clock.now.plus(wait));
      if (i % 7 == 0) {
        clock.now = clock.now.plusSeconds(1);
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
    SimulatedClock clock = new SimulatedClock();
    SlidingWindowRateLimiter limiter = SlidingWindowRateLimiter.of(2, Duration.ofSeconds(10), clock);
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isZero();
    assertThat(limiter.reserve()).isEqualTo(Duration.ofSeconds(10));
    clock.now = clock.now.plusSeconds(11);
    assertThat(limiter.reserve()).isZero();
  }
}
