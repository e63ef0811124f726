package io.unipart.testkit;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault switches of one fake: each answer is the provider's own for that failure (status, error
 * code and body), so the code under test meets what it would meet in production. Thread-safe;
 * cleared before each test by {@link UnipartFake}.
 *
 * <pre>{@code
 * fake.faults().failPart(2, 1);          // part 2's first attempt gets a 500
 * fake.faults().throttle(3);             // the next 3 calls are throttled
 * fake.faults().expirePartUrls();        // part URLs issued so far answer 403 (expired)
 * fake.faults().slowParts(Duration.ofMillis(200));
 * }</pre>
 */
public final class Faults {
  private final Map<Integer, AtomicInteger> failing = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> failingStatus = new ConcurrentHashMap<>();
  private final AtomicInteger throttled = new AtomicInteger();
  private final AtomicInteger injected = new AtomicInteger();
  private volatile Duration partDelay = Duration.ZERO;
  private volatile int urlEpoch;

  Faults() {}

  /**
   * The next {@code times} attempts to send part {@code partNumber} answer HTTP 500 with the
   * provider's internal-error body. For RUM, part {@code n} is chunk {@code n - 1}.
   *
   * @param partNumber the part, from 1
   * @param times how many attempts fail
   * @return these faults
   */
  public Faults failPart(int partNumber, int times) {
    return failPart(partNumber, times, 500);
  }

  /**
   * The next {@code times} attempts to send part {@code partNumber} answer {@code status} (500,
   * 502, 503 or 504) with the provider's error body.
   *
   * @param partNumber the part, from 1
   * @param times how many attempts fail
   * @param status the HTTP status
   * @return these faults
   */
  public Faults failPart(int partNumber, int times, int status) {
    if (partNumber < 1 || times < 0 || status < 500 || status > 599) {
      throw new IllegalArgumentException("failPart(" + partNumber + ", " + times + ", " + status
          + "): a part from 1, times from 0, a 5xx status");
    }
    failingStatus.put(partNumber, status);
    failing.computeIfAbsent(partNumber, n -> new AtomicInteger()).set(times);
    return this;
  }

  /**
   * The next {@code requests} calls of any kind get the provider's throttling answer: S3 and COS
   * 503 {@code SlowDown}; Cognite 429; Guance 401 {@code ft.TriggerApiAkCurrentLimiting} (its
   * documented way); the presigned API 503 "Backend Fetch Failed".
   *
   * @param requests how many calls
   * @return these faults
   */
  public Faults throttle(int requests) {
    if (requests < 0) {
      throw new IllegalArgumentException("throttle(" + requests + "): from 0");
    }
    throttled.set(requests);
    return this;
  }

  /**
   * Part URLs issued so far (Cognite, the presigned API) answer 403 {@code AccessDenied}
   * "Request has expired", as an expired presigned URL does; URLs issued afterwards work. No
   * effect on S3, COS and RUM, whose parts are signed per request.
   *
   * @return these faults
   */
  public Faults expirePartUrls() {
    urlEpoch++;
    return this;
  }

  /**
   * Every part waits this long before it is answered.
   *
   * @param delay the wait, zero for none
   * @return these faults
   */
  public Faults slowParts(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("slowParts(" + delay + "): not negative");
    }
    partDelay = delay;
    return this;
  }

  /**
   * Turns every switch off and sets the count of injected faults back to zero.
   *
   * @return these faults
   */
  public Faults clear() {
    failing.clear();
    failingStatus.clear();
    throttled.set(0);
    partDelay = Duration.ZERO;
    urlEpoch++;
    injected.set(0);
    return this;
  }

  /**
   * How many faults were injected since the last {@link #clear()}: failed parts, throttled calls, expired URLs refused.
   *
   * @return the count
   */
  public int injected() {
    return injected.get();
  }

  /** Whether this call is throttled (and counts it). */
  boolean takeThrottle() {
    if (throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      injected.incrementAndGet();
      return true;
    }
    return false;
  }

  /** The status this part's attempt fails with, or 0 (and counts it). */
  int takePartFailure(int partNumber) {
    AtomicInteger left = failing.get(partNumber);
    if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      injected.incrementAndGet();
      return failingStatus.getOrDefault(partNumber, 500);
    }
    return 0;
  }

  void delayPart() {
    Duration d = partDelay;
    if (!d.isZero()) {
      try {
        Thread.sleep(d.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The epoch part URLs issued now belong to. */
  int urlEpoch() {
    return urlEpoch;
  }

  /** Whether a URL issued in {@code epoch} has expired (and counts it). */
  boolean expired(int epoch) {
    if (epoch < urlEpoch) {
      injected.incrementAndGet();
      return true;
    }
    return false;
  }

  @Override
  public String toString() {
    return "Faults{failing=" + failing + ", throttled=" + throttled + ", partDelay=" + partDelay
        + ", injected=" + injected + "}";
  }
}
