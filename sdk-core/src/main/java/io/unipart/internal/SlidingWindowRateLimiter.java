package io.unipart.internal;

import io.unipart.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * At most {@code permits} requests in any window of {@code window}: each request reserves the
 * earliest free slot and waits for it. Unlike a token bucket it never lets a burst and a refill
 * add up past the provider's limit. Thread-safe; waiting happens outside the lock.
 *
 * <pre>{@code
 * SlidingWindowRateLimiter limiter = SlidingWindowRateLimiter.of(20, Duration.ofMinutes(1), clock);
 * Duration wait = limiter.reserve();   // sleep this long, then send
 * }</pre>
 */
public final class SlidingWindowRateLimiter {
  private final int permits;
  private final Duration window;
  private final Clock clock;
  private final Deque<Instant> slots = new ArrayDeque<>();

  private SlidingWindowRateLimiter(int permits, Duration window, Clock clock) {
    this.permits = permits;
    this.window = window;
    this.clock = clock;
  }

  /**
   * Creates a limiter.
   *
   * @param permits requests allowed per window, at least 1
   * @param window the window, positive
   * @param clock the clock slots are measured with
   * @return the limiter
   */
  public static SlidingWindowRateLimiter of(int permits, Duration window, Clock clock) {
    if (permits < 1) {
      throw new InvalidRequestException("rateLimit.permits", "must be at least 1 (was " + permits
          + ")");
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new InvalidRequestException("rateLimit.window", "must be positive");
    }
    return new SlidingWindowRateLimiter(permits, window, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Reserves the next slot.
   *
   * @return how long to wait before sending, zero when a slot is free now
   */
  public synchronized Duration reserve() {
    Instant now = clock.instant();
    while (!slots.isEmpty() && !slots.peekFirst().plus(window).isAfter(now)) {
      slots.pollFirst();
    }
    Instant slot = now;
    if (slots.size() >= permits) {
      Instant oldestInWindow = slots.toArray(new Instant[0])[slots.size() - permits];
      Instant free = oldestInWindow.plus(window);
      if (free.isAfter(slot)) {
        slot = free;
      }
    }
    slots.addLast(slot);
    return Duration.between(now, slot);
  }

  /**
   * The limit.
   *
   * @return {@code permits/window}
   */
  @Override
  public String toString() {
    return permits + "/" + window;
  }
}
