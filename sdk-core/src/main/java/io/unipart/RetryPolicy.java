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
 * <p>Defaults, as AWS's SDKs use them: 3 attempts in all; exponential backoff with full jitter
 * from a 100 ms base, capped at 20 s; retries on I/O failures and timeouts, on HTTP 429, 500, 502,
 * 503 and 504, and on error codes the dialect declares retryable. A {@code Retry-After} answer is
 * honoured: the wait is at least what the server asked for; a server asking for longer than {@link
 * #maxDelay()} ends the retries at once. Every attempt is signed again.
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

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.baseDelay = b.baseDelay;
    this.maxDelay = b.maxDelay;
    this.retryableStatuses = Collections.unmodifiableSet(new TreeSet<>(b.retryableStatuses));
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
    return builder().maxAttempts(1).build();
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
    long base = baseDelay.toMillis();
    long cap = maxDelay.toMillis();
    int shift = Math.min(retry - 1, 30);
    long ceiling = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
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
        && retryableStatuses.equals(p.retryableStatuses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, baseDelay, maxDelay, retryableStatuses);
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
        + '}';
  }

  /** Builds a {@link RetryPolicy}. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration baseDelay = Duration.ofMillis(100);
    private Duration maxDelay = Duration.ofSeconds(20);
    private Set<Integer> retryableStatuses = new TreeSet<>(Set.of(429, 500, 502, 503, 504));

    private Builder() {}

    /**
     * Sets the number of attempts in all.
     *
     * @param maxAttempts 1 (no retry) to 100
     * @return this builder
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
     * @return this builder
     */
    public Builder baseDelay(Duration baseDelay) {
      this.baseDelay = Timeouts.Builder.positive("retryPolicy.baseDelay", baseDelay);
      return this;
    }

    /**
     * Sets the longest wait between attempts.
     *
     * @param maxDelay a positive duration
     * @return this builder
     */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = Timeouts.Builder.positive("retryPolicy.maxDelay", maxDelay);
      return this;
    }

    /**
     * Replaces the statuses that are retried whatever the body says.
     *
     * @param statuses HTTP statuses (100..599)
     * @return this builder
     */
    public Builder retryableStatuses(Set<Integer> statuses) {
      Objects.requireNonNull(statuses, "statuses");
      for (Integer s : statuses) {
        if (s == null || s < 100 || s > 599) {
          throw new InvalidRequestException(
              "retryPolicy.retryableStatuses", "must be HTTP statuses 100..599 (was " + s + ")");
        }
      }
      this.retryableStatuses = new TreeSet<>(statuses);
      return this;
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
      return new RetryPolicy(this);
    }
  }
}
