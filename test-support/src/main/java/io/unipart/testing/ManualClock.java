package io.unipart.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that only moves when told to: for tests of expiry, backoff and pacing. Hand {@link
 * #advance} to a client as its {@code Sleeper} and waits take no real time.
 *
 * <pre>{@code
 * ManualClock clock = new ManualClock(Instant.parse("2026-11-21T10:00:00Z"));
 * client = builder.clock(clock).sleeper(clock::advance).build();
 * }</pre>
 */
public final class ManualClock extends Clock {
  private volatile Instant now;

  /**
   * Starts at an instant.
   *
   * @param start the first reading
   */
  public ManualClock(Instant start) {
    this.now = start;
  }

  /**
   * Moves the clock forward.
   *
   * @param duration how far
   */
  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  /**
   * Sets the clock.
   *
   * @param instant the new reading
   */
  public void set(Instant instant) {
    now = instant;
  }

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
