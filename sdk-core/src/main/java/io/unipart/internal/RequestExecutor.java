package io.unipart.internal;

import io.unipart.http.HttpTransport;
import io.unipart.spi.ErrorClassifier;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ResponseParser;
import io.unipart.spi.ResponseTooLargeException;
import io.unipart.spi.ServiceError;
import io.unipart.spi.Signer;
import io.unipart.RetryPolicy;
import io.unipart.UploadEventListener;
import io.unipart.ServiceException;
import io.unipart.Sleeper;
import io.unipart.Timeouts;
import io.unipart.TransportException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one logical call: per attempt it signs the request afresh, sends it, classifies the answer,
 * and backs off before the next attempt as the {@link RetryPolicy} says. Every dialect client has
 * one; it is thread-safe.
 *
 * <pre>{@code
 * RequestExecutor executor = RequestExecutor.builder("s3", transport, signer, classifier).build();
 * String uploadId = executor.execute(request, parser, null);
 * }</pre>
 *
 * <p>What it guarantees: every attempt is bounded by {@link Timeouts#attempt()} and the call by
 * its deadline; response bodies are read up to {@link #MAX_RESPONSE_BYTES}; a clock-skew error
 * corrects the signing clock from the server's {@code Date} and retries; the only exceptions that
 * leave it are {@link ServiceException} (and subtypes) and {@link TransportException}. One debug
 * line is logged per attempt (method, host, path, status, attempt, elapsed), never a header value.
 */
public final class RequestExecutor {
  /** The largest control-plane response body read: 1 MiB. */
  public static final long MAX_RESPONSE_BYTES = 1L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);

  private final String dialect;
  private final HttpTransport transport;
  private final Signer signer;
  private final ErrorClassifier classifier;
  private final RetryPolicy retryPolicy;
  private final Timeouts timeouts;
  private final Clock clock;
  private final Sleeper sleeper;
  private final String userAgent;
  private final SlidingWindowRateLimiter rateLimiter;
  private final UploadEventListener events;
  private final String eventDialect;
  private final AtomicLong clockOffsetMillis = new AtomicLong();

  private RequestExecutor(Builder b) {
    this.dialect = b.dialect;
    this.transport = b.transport;
    this.signer = b.signer;
    this.classifier = b.classifier;
    this.retryPolicy = b.retryPolicy;
    this.timeouts = b.timeouts;
    this.clock = b.clock;
    this.sleeper = b.sleeper;
    this.userAgent = b.userAgent;
    this.rateLimiter = b.rateLimiter;
    this.events = b.events;
    this.eventDialect = b.eventDialect != null ? b.eventDialect : b.dialect;
  }

  /**
   * Starts an executor.
   *
   * @param dialect the dialect id, for logs
   * @param transport the transport
   * @param signer the dialect's signer
   * @param classifier the dialect's classifier
   * @return a builder
   */
  public static Builder builder(
      String dialect, HttpTransport transport, Signer signer, ErrorClassifier classifier) {
    return new Builder(dialect, transport, signer, classifier);
  }

  /**
   * The transport requests go through.
   *
   * @return the transport
   */
  public HttpTransport transport() {
    return transport;
  }

  /**
   * An executor for presigned URLs a server handed out (part URLs): the same transport, retry
   * policy, timeouts, clock and sleeper, but no signer (the URL carries its own authorization, so
   * no credential of this client is ever sent there), no rate limit, and the storage's own error
   * classifier.
   *
   * @param classifier how the storage behind the URLs says no
   * @return the executor
   */
  public RequestExecutor forPresignedUrls(ErrorClassifier classifier) {
    return builder(dialect + "-part", transport, Signer.NONE, classifier)
        .retryPolicy(retryPolicy)
        .timeouts(timeouts)
        .clock(clock)
        .sleeper(sleeper)
        .eventListener(events, eventDialect)
        .build();
  }

  /** The slowest upload rate an attempt carrying a large body is given time for: 256 KiB/s. */
  public static final long MIN_BYTES_PER_SECOND = 256 * 1024;

  /**
   * The bound for one attempt that sends a body of this size (a part): the attempt timeout plus
   * the time the body takes at {@link #MIN_BYTES_PER_SECOND}. A stalled connection still fails
   * sooner, by the transport's write and read timeouts.
   *
   * @param bodyBytes the body's size
   * @return the attempt timeout to pass to {@link #execute(HttpRequest, ResponseParser, Duration,
   *     Duration)}
   */
  public Duration attemptTimeoutFor(long bodyBytes) {
    return timeouts.attempt().plusSeconds(Math.max(0, bodyBytes) / MIN_BYTES_PER_SECOND);
  }

  /**
   * The timeouts every attempt runs under.
   *
   * @return the timeouts
   */
  public Timeouts timeouts() {
    return timeouts;
  }

  /**
   * The current time by the client's clock, corrected for skew the server reported.
   *
   * @return now
   */
  public Instant now() {
    return clock.instant().plusMillis(clockOffsetMillis.get());
  }

  /**
   * Runs a call with retries.
   *
   * @param request the unsigned request
   * @param parser turns a success into a value
   * @param deadline bounds the whole call; null for the client's
   * @param <T> the value type
   * @return the value
   * @throws ServiceException when the provider says no, or answers with a malformed body
   * @throws TransportException when the network fails or time runs out
   */
  public <T> T execute(HttpRequest request, ResponseParser<T> parser, Duration deadline) {
    return execute(request, parser, deadline, null);
  }

  /**
   * Runs a call with retries, each attempt bounded by its own timeout: for part uploads, whose
   * bodies take longer to send than a control-plane call.
   *
   * @param request the unsigned request
   * @param parser turns a success into a value
   * @param deadline bounds the whole call; null for the client's
   * @param attemptTimeout bounds each attempt; null for {@link Timeouts#attempt()}
   * @param <T> the value type
   * @return the value
   * @throws ServiceException when the provider says no, or answers with a malformed body
   * @throws TransportException when the network fails or time runs out
   */
  public <T> T execute(
      HttpRequest request, ResponseParser<T> parser, Duration deadline, Duration attemptTimeout) {
    return executeCounting(request, parser, deadline, attemptTimeout).value();
  }

  /**
   * A value, and how many attempts it took.
   *
   * @param value the value
   * @param attempts 1 when the first attempt succeeded
   * @param unanswered the attempts that got no answer (the network failed after sending, or a
   *     timeout): each may have changed the server's state without anyone learning of it
   * @param <T> the value type
   */
  public record Counted<T>(T value, int attempts, int unanswered) {}

  /**
   * Like {@link #execute(HttpRequest, ResponseParser, Duration, Duration)}, saying how many
   * attempts the value took: a call that changes state on the server and had to be sent again
   * may have changed it twice (an initiate whose answer was lost started an upload nobody knows).
   *
   * @param request the unsigned request
   * @param parser turns a success into a value
   * @param deadline bounds the whole call; null for the client's
   * @param attemptTimeout bounds each attempt; null for {@link Timeouts#attempt()}
   * @param <T> the value type
   * @return the value and the attempts
   */
  public <T> Counted<T> executeCounting(
      HttpRequest request, ResponseParser<T> parser, Duration deadline, Duration attemptTimeout) {
    Duration perAttempt = attemptTimeout != null ? attemptTimeout : timeouts.attempt();
    Duration budget = deadline != null ? deadline : timeouts.deadline().orElse(null);
    long start = System.nanoTime();
    long end = budget == null ? Long.MAX_VALUE : start + budget.toNanos();
    // The deadline by the client's clock too: the same instant in production, and the one a
    // test's manual clock (advanced by its sleeper) moves.
    Instant clockEnd = budget == null ? null : clock.instant().plus(budget);
    HttpRequest base =
        request.header("User-Agent") == null
            ? request.toBuilder().header("User-Agent", userAgent).build()
            : request;
    HttpRequest onWire = transport.onWire(base);
    boolean skewCorrected = false;
    boolean credentialsRenewed = false;
    IOException lastIo = null;
    ServiceError lastError = null;
    // Throttled retries have a budget of their own: each one lets the loop run once more.
    int allowed = retryPolicy.maxAttempts();
    int throttled = 0;
    int unanswered = 0;
    int connectionRetries = 0;

    for (int attempt = 1; attempt <= allowed; attempt++) {
      long remaining = end - System.nanoTime();
      if (remaining <= 0 || (clockEnd != null && !clock.instant().isBefore(clockEnd))) {
        throw deadlineExpired(budget, attempt - 1, lastIo, lastError);
      }
      pace(attempt, end, lastIo, lastError, budget);
      remaining = end - System.nanoTime();
      Duration thisAttempt =
          Duration.ofNanos(Math.max(1, Math.min(perAttempt.toNanos(), remaining)));
      HttpRequest signed = signer.sign(onWire, now());
      long attemptStart = System.nanoTime();
      Attempt report = new Attempt(signed, attempt, attemptStart);
      try {
        HttpResponse response;
        try {
          response = transport.execute(signed, thisAttempt, MAX_RESPONSE_BYTES);
        } catch (ResponseTooLargeException e) {
          log(signed, "HTTP " + e.status() + " (body too large)", attempt, attemptStart);
          report.failed("ResponseTooLargeException");
          throw ServiceException.of(
              ServiceError.builder(e.status())
                  .kind(ServiceError.Kind.MALFORMED_RESPONSE)
                  .message(e.getMessage())
                  .build(),
              attempt);
        } catch (IOException e) {
          log(signed, e.getClass().getSimpleName(), attempt, attemptStart);
          report.failed(e.getClass().getSimpleName());
          unanswered++;
          lastIo = e;
          lastError = null;
          if (Thread.currentThread().isInterrupted()) {
            throw new TransportException(
                "interrupted while calling " + describe(signed), e, attempt, false);
          }
          if (!isRetryable(e) || attempt == allowed) {
            throw transportFailure(signed, e, attempt);
          }
          // A connection that failed before any answer has a budget of its own, so an endpoint
          // that is down ends soon; a timeout is an error like any other.
          boolean connection = !isTimeout(e);
          if (connection && connectionRetries == retryPolicy.maxConnectionRetries()) {
            throw transportFailure(signed, e, attempt);
          }
          String why = e.getClass().getSimpleName();
          Waiting waiting = connection
              ? new Waiting(signed, why, ++connectionRetries,
                  Math.min(retryPolicy.maxConnectionRetries(), allowed - 1 - throttled))
              : new Waiting(signed, why, attempt - throttled, allowed - 1 - throttled);
          if (!backoff(attempt, null, end, clockEnd, waiting)) {
            throw transportFailure(signed, e, attempt);
          }
          report.retry(why);
          continue;
        } catch (RuntimeException e) {
          log(signed, e.getClass().getSimpleName(), attempt, attemptStart);
          throw new TransportException(
              "the transport failed to send " + describe(signed) + ": " + e.getMessage(),
              e,
              attempt,
              false);
        }
        log(signed, "HTTP " + response.status(), attempt, attemptStart);
        report.answered(response);

        ServiceError error = classifySafely(response);
        if (error == null) {
          try {
            return new Counted<>(parser.parse(response), attempt, unanswered);
          } catch (ResponseFormatException | RuntimeException e) {
            throw ServiceException.of(malformed(response, e.getMessage()), attempt);
          }
        }
        if (retryPolicy.isRetryableStatus(response.status()) && !error.retryable()) {
          error = error.toBuilder().retryable(true).build();
        }
        if (!error.throttling() && retryPolicy.isThrottlingStatus(response.status())) {
          error = error.toBuilder().throttling(true).build();
        }
        lastError = error;
        lastIo = null;
        report.error = error.code() != null ? error.code() : error.kind().name();
        if (error.throttling() && throttled == retryPolicy.maxThrottledRetries()) {
          throw ServiceException.of(error, attempt); // the throttling budget is spent
        }
        if (error.throttling()) {
          throttled++;
          allowed++;
          Duration retryAfter =
              HttpDates.retryAfter(response.header("Retry-After"), clock.instant());
          Duration wait = retryPolicy.throttledBackoff(throttled, now());
          if (retryAfter != null && retryAfter.compareTo(retryPolicy.throttledMaxDelay()) > 0) {
            throw ServiceException.of(error, attempt);
          }
          if (retryAfter != null && (retryAfter.compareTo(wait) > 0
              || retryPolicy.throttlingWindow().isPresent())) {
            wait = retryAfter; // the server's own word beats a guessed window boundary
          }
          if (!sleepBefore(attempt, wait, end, clockEnd, new Waiting(signed, "throttled ("
              + (error.code() != null ? error.code() : "HTTP " + response.status()) + ")",
              throttled, retryPolicy.maxThrottledRetries()))) {
            throw ServiceException.of(error, attempt);
          }
          report.retry("throttled");
          continue;
        }
        if (response.status() == 401 && !credentialsRenewed && attempt < allowed) {
          credentialsRenewed = true;
          if (renewCredentials(signed)) {
            report.retry("credentials renewed");
            continue;
          }
        }
        if (error.kind() == ServiceError.Kind.CLOCK_SKEW && !skewCorrected && attempt < allowed) {
          skewCorrected = correctClock(response);
          if (skewCorrected) {
            report.retry("clock skew");
            continue;
          }
        }
        if (!error.retryable() || attempt == allowed) {
          throw ServiceException.of(error, attempt);
        }
        Duration retryAfter = HttpDates.retryAfter(response.header("Retry-After"), clock.instant());
        if (!backoff(attempt - throttled, retryAfter, end, clockEnd, new Waiting(signed,
            "HTTP " + response.status() + (error.code() != null ? " " + error.code() : ""),
            attempt - throttled, allowed - 1 - throttled))) {
          throw ServiceException.of(error, attempt);
        }
        report.retry("HTTP " + response.status());
      } finally {
        report.publish();
      }
    }
    // Unreachable: the last attempt always throws or returns above.
    throw new IllegalStateException("retry loop ended without a result");
  }

  /** Waits for a rate-limit slot, if the client has a limit. */
  private void pace(
      int attempt, long end, IOException lastIo, ServiceError lastError, Duration budget) {
    if (rateLimiter == null) {
      return;
    }
    Duration wait = rateLimiter.reserve();
    if (wait.isZero()) {
      return;
    }
    if (end != Long.MAX_VALUE && System.nanoTime() + wait.toNanos() >= end) {
      throw deadlineExpired(budget, attempt - 1, lastIo, lastError);
    }
    LOG.debug("{}: waiting {} ms for a rate-limit slot", dialect, wait.toMillis());
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting for a rate-limit slot", e,
          attempt - 1, false);
    }
  }

  /** Sleeps before the next attempt; false when the wait would pass the deadline or the cap. */
  private boolean backoff(int attempt, Duration retryAfter, long end, Instant clockEnd,
      Waiting waiting) {
    Duration delay = retryPolicy.backoff(Math.max(1, attempt));
    if (retryAfter != null) {
      if (retryAfter.compareTo(retryPolicy.maxDelay()) > 0) {
        return false;
      }
      if (retryAfter.compareTo(delay) > 0) {
        delay = retryAfter;
      }
    }
    return sleepBefore(attempt, delay, end, clockEnd, waiting);
  }

  /** Sleeps {@code delay}; false, without sleeping, when that would pass the deadline. */
  private boolean sleepBefore(int attempt, Duration delay, long end, Instant clockEnd,
      Waiting waiting) {
    if (end != Long.MAX_VALUE && System.nanoTime() + delay.toNanos() >= end) {
      return false;
    }
    if (clockEnd != null && !clock.instant().plus(delay).isBefore(clockEnd)) {
      return false;
    }
    waiting.announce(delay);
    try {
      sleeper.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting to retry", e, attempt, false);
    }
  }

  private boolean renewCredentials(HttpRequest signed) {
    try {
      boolean renew = signer.credentialsRejected(signed);
      if (renew) {
        LOG.debug("{}: credentials rejected with 401; retrying once with renewed ones", dialect);
      }
      return renew;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private boolean correctClock(HttpResponse response) {
    Instant server = HttpDates.parse(response.header("Date"));
    if (server == null) {
      return false;
    }
    long offset = server.toEpochMilli() - clock.instant().toEpochMilli();
    clockOffsetMillis.set(offset);
    LOG.debug("{}: server clock differs by {} ms; signing with the server's time", dialect, offset);
    return true;
  }

  private ServiceError classifySafely(HttpResponse response) {
    try {
      return classifier.classify(response);
    } catch (RuntimeException e) {
      return malformed(response, "the error classifier failed: " + e.getMessage());
    }
  }

  private static ServiceError malformed(HttpResponse response, String reason) {
    String snippet = response.bodySnippet(160);
    return ServiceError.builder(response.status())
        .kind(ServiceError.Kind.MALFORMED_RESPONSE)
        .message(
            "unexpected response body: "
                + reason
                + (snippet.isEmpty() ? " (empty body)" : " (body starts: " + snippet + ")"))
        .build();
  }

  private static boolean isRetryable(IOException e) {
    return !(e instanceof SSLPeerUnverifiedException || e instanceof SSLHandshakeException);
  }

  private static boolean isTimeout(IOException e) {
    return e instanceof InterruptedIOException
        || e instanceof java.net.http.HttpTimeoutException;
  }

  private TransportException transportFailure(HttpRequest signed, IOException e, int attempts) {
    String what = isTimeout(e) ? "timed out" : "failed";
    return new TransportException(
        describe(signed) + " " + what + " after " + attempts + " attempt(s): " + e,
        e,
        attempts,
        isTimeout(e));
  }

  private RuntimeException deadlineExpired(
      Duration budget, int attempts, IOException lastIo, ServiceError lastError) {
    if (lastError != null) {
      return ServiceException.of(lastError, attempts);
    }
    return new TransportException(
        "the call's deadline of " + budget + " expired after " + attempts + " attempt(s)",
        lastIo,
        attempts,
        true);
  }

  /** A retry about to wait: logged, and told to the event listener before the wait. */
  private final class Waiting {
    final HttpRequest request;
    final String reason;
    final int retry;
    final int of;

    Waiting(HttpRequest request, String reason, int retry, int of) {
      this.request = request;
      this.reason = reason;
      this.retry = retry;
      this.of = Math.max(retry, of);
    }

    void announce(Duration wait) {
      String what = "{}: {} {}: {}; retry {} of {} in {}";
      Object[] args = {dialect, request.operation(), describe(request), reason, retry, of,
          wait.toMillis() >= 1000 ? String.format(java.util.Locale.ROOT, "%.1f s",
              wait.toMillis() / 1000.0) : wait.toMillis() + " ms"};
      if (wait.compareTo(Duration.ofSeconds(1)) >= 0) {
        LOG.info(what, args);
      } else {
        LOG.debug(what, args);
      }
      if (events == UploadEventListener.NONE) {
        return;
      }
      try {
        events.retryScheduled(new UploadEventListener.RetryEvent(eventDialect,
            request.operation(), reason, retry, of, wait));
      } catch (RuntimeException e) {
        LOG.warn("the event listener failed; the call goes on", e);
      }
    }
  }

  /** What one attempt did, published to the event listener however the attempt ends. */
  private final class Attempt {
    final HttpRequest request;
    final int number;
    final long start;
    int status = -1;
    long responseBytes = -1;
    long end;
    String retryReason;
    String error;

    Attempt(HttpRequest request, int number, long start) {
      this.request = request;
      this.number = number;
      this.start = start;
    }

    void answered(HttpResponse response) {
      end = System.nanoTime();
      status = response.status();
      responseBytes = response.bodyLength();
    }

    void failed(String what) {
      end = System.nanoTime();
      error = what;
    }

    void retry(String reason) {
      retryReason = reason;
    }

    void publish() {
      if (events == UploadEventListener.NONE) {
        return;
      }
      long stop = end != 0 ? end : System.nanoTime();
      try {
        events.attemptFinished(new UploadEventListener.AttemptEvent(eventDialect,
            request.operation(), number, status, request.bodyLength(), responseBytes,
            Duration.ofNanos(stop - start), retryReason, error));
      } catch (RuntimeException e) {
        LOG.warn("the event listener failed; the call goes on", e);
      }
    }
  }

  private static String describe(HttpRequest r) {
    return r.method() + " " + r.uri().getScheme() + "://" + r.uri().getRawAuthority()
        + r.uri().getRawPath();
  }

  private void log(HttpRequest signed, String outcome, int attempt, long attemptStart) {
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} {} {}{} -> {} (attempt {}/{}, {} ms)",
          dialect,
          signed.method(),
          signed.uri().getRawAuthority(),
          signed.uri().getRawPath(),
          outcome,
          attempt,
          retryPolicy.maxAttempts(),
          (System.nanoTime() - attemptStart) / 1_000_000);
    }
  }

  /** Builds a {@link RequestExecutor}. Not thread-safe. */
  public static final class Builder {
    private final String dialect;
    private final HttpTransport transport;
    private final Signer signer;
    private final ErrorClassifier classifier;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Timeouts timeouts = Timeouts.defaults();
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private String userAgent = UserAgent.value();
    private UploadEventListener events = UploadEventListener.NONE;
    private String eventDialect;
    private SlidingWindowRateLimiter rateLimiter;

    private Builder(
        String dialect, HttpTransport transport, Signer signer, ErrorClassifier classifier) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      this.transport = Objects.requireNonNull(transport, "transport");
      this.signer = Objects.requireNonNull(signer, "signer");
      this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    /**
     * Sets the retry policy.
     *
     * @param retryPolicy the policy
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the timeouts.
     *
     * @param timeouts the timeouts
     */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /**
     * Sets the clock used for signing.
     *
     * @param clock the clock
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how backoff waits.
     *
     * @param sleeper the sleeper
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Paces every attempt through a rate limiter.
     *
     * @param rateLimiter the limiter, or null for none
     */
    public Builder rateLimiter(SlidingWindowRateLimiter rateLimiter) {
      this.rateLimiter = rateLimiter;
      return this;
    }

    /**
     * Reports every attempt to a listener.
     *
     * @param listener the listener, or {@link UploadEventListener#NONE}
     */
    public Builder eventListener(UploadEventListener listener) {
      return eventListener(listener, null);
    }

    private Builder eventListener(UploadEventListener listener, String dialect) {
      this.events = Objects.requireNonNull(listener, "listener");
      this.eventDialect = dialect;
      return this;
    }

    /**
     * Builds the executor.
     *
     * @return the executor
     */
    public RequestExecutor build() {
      return new RequestExecutor(this);
    }
  }
}
