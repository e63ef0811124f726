package io.unipart;

import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before trying a failed call again. Immutable.
 *
 * <p>Errors, as AWS's SDKs treat them: 3 attempts in all; exponential backoff with full jitter
 * from a 100 ms base, capped at 20 s; retries on I/O failures and timeouts, on HTTP 429, 500, 502,
 * 503 and 504, and on error codes the dialect declares retryable. A connection that fails before
 * any answer (refused, reset, closed) draws on a budget of its own within those attempts, {@link
 * #maxConnectionRetries()} (2 by default), as Cognite's SDK separates connect retries from status
 * retries: an endpoint that is down ends soon even where a dialect retries errors for minutes.
 *
 * <p>Throttling (a throttling code such as S3's {@code SlowDown}, or HTTP 429 or 503) is a
 * provider asking for patience, not a failure, so it has a budget of its own: up to {@link
 * #maxThrottledRetries()} retries (20 by default) that do not count against {@code maxAttempts},
 * backing off from a larger base ({@link #throttledBaseDelay()}, 500 ms, as AWS's standard retry
 * mode does) with equal jitter (half the ceiling at least, so a storm never becomes a busy loop),
 * capped at {@link #throttledMaxDelay()}. Where the provider counts requests in fixed windows
 * ({@link #throttlingWindow()}, e.g. Guance's per-minute limits), a throttled call waits into the
 * next window instead. Each dialect's client starts from the defaults its provider asks for (its
 * Javadoc and the README say which); the call's deadline bounds every wait.
 *
 * <p>A {@code Retry-After} answer is honoured: the wait is at least what the server asked for
 * (with a throttling window, exactly that, rather than the window's guess); a server asking for
 * longer than the cap ends the retries at once. Every attempt is signed again.
 *
 * <pre>{@code
 * RetryPolicy patient = RetryPolicy.builder().maxAttempts(5).maxDelay(Duration.ofSeconds(5)).build();
 * RetryPolicy never = RetryPolicy.none();
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = builder().build();

  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Set<Integer> retryableStatuses;
  private final int maxThrottledRetries;
  private final Duration throttledBaseDelay;
  private final Duration throttledMaxDelay;
  private final Duration throttlingWindow;
  private final Set<Integer> throttlingStatuses;
  private final int maxConnectionRetries;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.baseDelay = b.baseDelay;
    this.maxDelay = b.maxDelay;
    this.retryableStatuses = Collections.unmodifiableSet(new TreeSet<>(b.retryableStatuses));
    this.maxThrottledRetries = b.maxThrottledRetries;
    this.throttledBaseDelay = b.throttledBaseDelay;
    this.throttledMaxDelay = b.throttledMaxDelay;
    this.throttlingWindow = b.throttlingWindow;
    this.throttlingStatuses = Collections.unmodifiableSet(new TreeSet<>(b.throttlingStatuses));
    this.maxConnectionRetries = b.maxConnectionRetries;
  }

  /**
   * The defaults described above.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * A policy that never retries: one attempt.
   *
   * @return the policy
   */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).maxThrottledRetries(0).build();
  }

  /**
   * Starts from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A copy that can be changed.
   *
   * @return a builder holding these values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.baseDelay = baseDelay;
    b.maxDelay = maxDelay;
    b.retryableStatuses = new TreeSet<>(retryableStatuses);
    b.maxThrottledRetries = maxThrottledRetries;
    b.throttledBaseDelay = throttledBaseDelay;
    b.throttledMaxDelay = throttledMaxDelay;
    b.throttlingWindow = throttlingWindow;
    b.throttlingStatuses = new TreeSet<>(throttlingStatuses);
    b.maxConnectionRetries = maxConnectionRetries;
    return b;
  }

  /**
   * Attempts in all, the first included.
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * The backoff base.
   *
   * @return the base delay
   */
  public Duration baseDelay() {
    return baseDelay;
  }

  /**
   * The longest wait between two attempts.
   *
   * @return the cap
   */
  public Duration maxDelay() {
    return maxDelay;
  }

  /**
   * HTTP statuses retried whatever the body says.
   *
   * @return an unmodifiable sorted set
   */
  public Set<Integer> retryableStatuses() {
    return retryableStatuses;
  }

  /**
   * Whether a status is retried.
   *
   * @param status an HTTP status
   * @return true when it is in {@link #retryableStatuses()}
   */
  public boolean isRetryableStatus(int status) {
    return retryableStatuses.contains(status);
  }

  /**
   * Retries a call may spend on throttling, on top of {@link #maxAttempts()}.
   *
   * @return 0 or more
   */
  public int maxThrottledRetries() {
    return maxThrottledRetries;
  }

  /**
   * The backoff base after a throttling answer.
   *
   * @return the base
   */
  public Duration throttledBaseDelay() {
    return throttledBaseDelay;
  }

  /**
   * The longest wait after a throttling answer.
   *
   * @return the cap
   */
  public Duration throttledMaxDelay() {
    return throttledMaxDelay;
  }

  /**
   * The provider's fixed rate-limit window, when it counts requests in windows aligned to the
   * clock: a throttled call then waits into the next window.
   *
   * @return the window, or empty to back off instead
   */
  public java.util.Optional<Duration> throttlingWindow() {
    return java.util.Optional.ofNullable(throttlingWindow);
  }

  /**
   * Whether a status means throttling whatever the body says (429 and 503 by default).
   *
   * @param status an HTTP status
   * @return true when it is one of the throttling statuses
   */
  public boolean isThrottlingStatus(int status) {
    return throttlingStatuses.contains(status);
  }

  /**
   * How many times a call is retried after connections that failed before any answer (refused,
   * reset, closed; timeouts are errors): at most this many, and never more than {@link
   * #maxAttempts()} allows.
   *
   * @return the retries, 2 by default
   */
  public int maxConnectionRetries() {
    return maxConnectionRetries;
  }

  /**
   * The wait before throttled retry number {@code retry} (from 1): with a {@link
   * #throttlingWindow()}, until the next window starts (by {@code now}) plus up to a second of
   * jitter; otherwise a random time between half and all of {@code min(throttledMaxDelay,
   * throttledBaseDelay * 2^(retry-1))} ("equal jitter": never a busy loop).
   *
   * @param retry the throttled retry number, from 1
   * @param now the time now
   * @return the wait
   */
  public Duration throttledBackoff(int retry, java.time.Instant now) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1");
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (throttlingWindow != null) {
      long window = throttlingWindow.toMillis();
      long intoWindow = Math.floorMod(now.toEpochMilli(), window);
      return Duration.ofMillis(window - intoWindow + random.nextLong(1001));
    }
    long ceiling = ceiling(throttledBaseDelay.toMillis(), throttledMaxDelay.toMillis(), retry);
    return Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling - ceiling / 2 + 1));
  }

  private static long ceiling(long base, long cap, int retry) {
    int shift = Math.min(retry - 1, 30);
    return base > (cap >> shift) ? cap : Math.min(cap, base << shift);
  }

  /**
   * The wait before retry number {@code retry} (1 for the first retry): a uniformly random time
   * between zero and {@code min(maxDelay, baseDelay * 2^(retry-1))} ("full jitter").
   *
   * @param retry the retry number, from 1
   * @return the wait
   */
  public Duration backoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1");
    }
    long ceiling = ceiling(baseDelay.toMillis(), maxDelay.toMillis(), retry);
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RetryPolicy)) {
      return false;
    }
    RetryPolicy p = (RetryPolicy) o;
    return maxAttempts == p.maxAttempts
        && baseDelay.equals(p.baseDelay)
        && maxDelay.equals(p.maxDelay)
        && retryableStatuses.equals(p.retryableStatuses)
        && maxThrottledRetries == p.maxThrottledRetries
        && throttledBaseDelay.equals(p.throttledBaseDelay)
        && throttledMaxDelay.equals(p.throttledMaxDelay)
        && Objects.equals(throttlingWindow, p.throttlingWindow)
        && throttlingStatuses.equals(p.throttlingStatuses)
        && maxConnectionRetries == p.maxConnectionRetries;
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, baseDelay, maxDelay, retryableStatuses, maxThrottledRetries,
        throttledBaseDelay, throttledMaxDelay, throttlingWindow, throttlingStatuses,
        maxConnectionRetries);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", baseDelay="
        + baseDelay
        + ", maxDelay="
        + maxDelay
        + ", retryableStatuses="
        + retryableStatuses
        + ", maxThrottledRetries="
        + maxThrottledRetries
        + ", throttledBaseDelay="
        + throttledBaseDelay
        + ", throttledMaxDelay="
        + throttledMaxDelay
        + (throttlingWindow == null ? "" : ", throttlingWindow=" + throttlingWindow)
        + ", maxConnectionRetries="
        + maxConnectionRetries
        + ", throttlingStatuses="
        + throttlingStatuses
        + '}';
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration baseDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(20);
    private Set<Integer> retryableStatuses = new TreeSet<>(Set.of(429, 500, 502, 503, 504));
    private int maxThrottledRetries = 20;
    private int maxConnectionRetries = 2;
    private Duration throttledBaseDelay = Duration.ofMillis(500);
    private Duration throttledMaxDelay = Duration.ofSeconds(20);
    private Duration throttlingWindow;
    private Set<Integer> throttlingStatuses = new TreeSet<>(Set.of(429, 503));

    private Builder() {}

    /**
     * Sets how many of a call's retries may follow connections that failed before any answer
     * (refused, reset, closed; timeouts count as errors); 2 by default.
     *
     * @param retries 0 to 100
     */
    public Builder maxConnectionRetries(int retries) {
      if (retries < 0 || retries > 100) {
        throw new InvalidRequestException(
            "retryPolicy.maxConnectionRetries", "must be 0..100 (was " + retries + ")");
      }
      this.maxConnectionRetries = retries;
      return this;
    }

    /**
     * Sets how many retries a call may spend on throttling, on top of {@code maxAttempts}.
     *
     * @param retries 0 to 1,000
     */
    public Builder maxThrottledRetries(int retries) {
      if (retries < 0 || retries > 1000) {
        throw new InvalidRequestException(
            "retryPolicy.maxThrottledRetries", "must be 0..1000 (was " + retries + ")");
      }
      this.maxThrottledRetries = retries;
      return this;
    }

    /**
     * Sets the backoff base after a throttling answer.
     *
     * @param delay a positive duration
     */
    public Builder throttledBaseDelay(Duration delay) {
      this.throttledBaseDelay = Timeouts.Builder.positive("retryPolicy.throttledBaseDelay", delay);
      return this;
    }

    /**
     * Sets the longest wait after a throttling answer.
     *
     * @param delay a positive duration
     */
    public Builder throttledMaxDelay(Duration delay) {
      this.throttledMaxDelay = Timeouts.Builder.positive("retryPolicy.throttledMaxDelay", delay);
      return this;
    }

    /**
     * Makes a throttled call wait into the provider's next fixed rate-limit window (aligned to
     * the clock) instead of backing off; null to back off.
     *
     * @param window the window, e.g. one minute, or null
     */
    public Builder throttlingWindow(Duration window) {
      this.throttlingWindow = window == null ? null
          : Timeouts.Builder.positive("retryPolicy.throttlingWindow", window);
      return this;
    }

    /**
     * Replaces the statuses that mean throttling whatever the body says.
     *
     * @param statuses HTTP statuses (100..599)
     */
    public Builder throttlingStatuses(Set<Integer> statuses) {
      this.throttlingStatuses = statuses(statuses, "retryPolicy.throttlingStatuses");
      return this;
    }

    /**
     * Sets the number of attempts in all.
     *
     * @param maxAttempts 1 (no retry) to 100
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 100) {
        throw new InvalidRequestException(
            "retryPolicy.maxAttempts", "must be 1..100 (was " + maxAttempts + ")");
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the backoff base.
     *
     * @param baseDelay a positive duration
     */
    public Builder baseDelay(Duration baseDelay) {
      this.baseDelay = Timeouts.Builder.positive("retryPolicy.baseDelay", baseDelay);
      return this;
    }

    /**
     * Sets the longest wait between attempts.
     *
     * @param maxDelay a positive duration
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Timeouts.Builder.positive("retryPolicy.maxDelay", maxDelay);
      return this;
    }

    /**
     * Replaces the statuses that are retried whatever the body says.
     *
     * @param statuses HTTP statuses (100..599)
     */
    public Builder retryableStatuses(Set<Integer> statuses) {
      this.retryableStatuses = statuses(statuses, "retryPolicy.retryableStatuses");
      return this;
    }

    private static TreeSet<Integer> statuses(Set<Integer> statuses, String field) {
      Objects.requireNonNull(statuses, "statuses");
      for (Integer s : statuses) {
        if (s == null || s < 100 || s > 599) {
          throw new InvalidRequestException(field, "must be HTTP statuses 100..599 (was " + s
              + ")");
        }
      }
      return new TreeSet<>(statuses);
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws InvalidRequestException when baseDelay exceeds maxDelay
     */
    public RetryPolicy build() {
      if (baseDelay.compareTo(maxDelay) > 0) {
        throw new InvalidRequestException(
            "retryPolicy.baseDelay", "must not exceed maxDelay (" + maxDelay + ")");
      }
      if (throttledBaseDelay.compareTo(throttledMaxDelay) > 0) {
        throw new InvalidRequestException("retryPolicy.throttledBaseDelay",
            "must not exceed throttledMaxDelay (" + throttledMaxDelay + ")");
      }
      return new RetryPolicy(this);
    }
  }
}
