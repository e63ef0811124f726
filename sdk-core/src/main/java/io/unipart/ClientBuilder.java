package io.unipart;

import io.unipart.http.HttpTransport;
import io.unipart.http.JdkHttpTransport;
import io.unipart.http.OkHttpTransport;
import io.unipart.internal.BaseUrl;
import io.unipart.internal.ClientRuntime;
import io.unipart.internal.RequestExecutor;
import io.unipart.internal.SlidingWindowRateLimiter;
import io.unipart.spi.ErrorClassifier;
import io.unipart.spi.Signer;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The settings every dialect client shares: transport, retries, timeouts, clock, sleeper and the
 * executor for async calls. Each dialect's builder extends it, so an application configures every
 * dialect the same way. The protected hooks ({@code buildRuntime}, {@code secureBaseUrl}) serve the
 * in-house dialects and hand out {@code io.unipart.internal} types: they are not API.
 *
 * <pre>{@code
 * S3MultipartClient.builder()
 *     .endpoint("https://s3.us-east-1.amazonaws.com").region("us-east-1").bucket("media")
 *     .retryPolicy(RetryPolicy.builder().maxAttempts(5).build())
 *     .timeouts(Timeouts.builder().deadline(Duration.ofSeconds(30)).build())
 *     .transport(OkHttpTransport.create(myOkHttpClient))
 *     .build();
 * }</pre>
 *
 * @param <B> the dialect's builder type
 */
public abstract class ClientBuilder<B extends ClientBuilder<B>> {
  private HttpTransport transport;
  private RetryPolicy retryPolicy;
  private Timeouts timeouts = Timeouts.defaults();
  private Clock clock = Clock.systemUTC();
  private Sleeper sleeper = Sleeper.system();
  private Executor asyncExecutor;
  private boolean allowPlainHttp;
  private int ratePermits;
  private Duration rateWindow;
  private boolean rateLimitSet;
  private UploadEventListener eventListener = UploadEventListener.NONE;

  /** For subclasses. */
  protected ClientBuilder() {}

  /**
   * The retry policy a client of this dialect uses unless it is given one: {@link
   * RetryPolicy#defaults()} unless the dialect overrides it for its provider's throttling rules.
   *
   * @return the policy
   */
  protected RetryPolicy defaultRetryPolicy() {
    return RetryPolicy.defaults();
  }

  /**
   * This builder, typed as the subclass.
   *
   * @return this
   */
  protected abstract B self();

  /**
   * Sends requests through this transport instead of a new OkHttp client. The caller keeps
   * ownership: closing the client does not close it.
   *
   * @param transport e.g. {@code OkHttpTransport.create(myOkHttpClient)} or {@code
   *     JdkHttpTransport.create()}
   */
  public B transport(HttpTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    return self();
  }

  /**
   * Sets when and how to retry. Default: the dialect's own, as its provider asks (see {@link
   * #defaultRetryPolicy()}).
   *
   * @param retryPolicy the policy
   */
  public B retryPolicy(RetryPolicy retryPolicy) {
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    return self();
  }

  /**
   * Sets the timeouts. Default {@link Timeouts#defaults()}.
   *
   * @param timeouts the timeouts
   */
  public B timeouts(Timeouts timeouts) {
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    return self();
  }

  /**
   * Sets the clock used for signing and session times. Default UTC system clock.
   *
   * @param clock the clock
   */
  public B clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * Sets how backoff waits. Default {@link Sleeper#system()}.
   *
   * @param sleeper the sleeper
   */
  public B sleeper(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return self();
  }

  /**
   * Runs async calls on this executor instead of the client's own pool (up to 64 daemon threads,
   * further calls queued, idle threads ending after 30 s). The caller keeps ownership.
   *
   * @param executor the executor
   */
  public B asyncExecutor(Executor executor) {
    this.asyncExecutor = Objects.requireNonNull(executor, "executor");
    return self();
  }

  /**
   * Allows plain http to hosts other than this machine. Off by default: credentials, tokens and
   * signatures would cross the network in clear. Loopback hosts never need it.
   *
   * @param allow whether to allow it
   */
  public B allowPlainHttp(boolean allow) {
    this.allowPlainHttp = allow;
    return self();
  }

  /**
   * Parses a dialect's base URL and applies the plain-http rule.
   *
   * @param field the setting's name, for errors
   * @param url the URL text
   * @return the parsed URL
   */
  protected final BaseUrl secureBaseUrl(String field, String url) {
    return BaseUrl.parse(field, url).requireSecure(field, allowPlainHttp);
  }

  /**
   * Paces requests on the client side: at most {@code permits} HTTP requests (retries included)
   * in any {@code window}, later ones waiting for a free slot. Off by default. Use it where a
   * provider counts requests per key (Guance: 20 a minute).
   *
   * @param permits requests per window, at least 1
   * @param window the window
   */
  public B rateLimit(int permits, Duration window) {
    SlidingWindowRateLimiter.of(permits, window, Clock.systemUTC());
    this.ratePermits = permits;
    this.rateWindow = window;
    this.rateLimitSet = true;
    return self();
  }

  /**
   * Turns client-side pacing off, for a dialect that paces by default (RUM) when your quota is
   * higher, or a private deployment has none.
   */
  public B noRateLimit() {
    this.ratePermits = 0;
    this.rateWindow = null;
    this.rateLimitSet = true;
    return self();
  }

  /**
   * Whether {@link #rateLimit} or {@link #noRateLimit} was called, for dialects with a default.
   *
   * @return true when the caller chose
   */
  protected final boolean rateLimitChosen() {
    return rateLimitSet;
  }

  /**
   * Reports every HTTP attempt the client makes (call, status, bytes, duration, why it is
   * retried) for metrics and tracing; see {@code sdk-micrometer}. Default: none.
   *
   * @param listener the listener
   */
  public B eventListener(UploadEventListener listener) {
    this.eventListener = Objects.requireNonNull(listener, "listener");
    return self();
  }

  /**
   * Assembles the shared machinery for a dialect's client.
   *
   * @param dialect the dialect id
   * @param signer the dialect's signer
   * @param classifier the dialect's error classifier
   * @return the runtime, which the client must close
   */
  protected final ClientRuntime buildRuntime(
      String dialect, Signer signer, ErrorClassifier classifier) {
    if (dialect == null || dialect.isEmpty()) {
      throw new InvalidRequestException("dialect", "must not be empty");
    }
    boolean ownsTransport = transport == null;
    HttpTransport t = ownsTransport ? OkHttpTransport.create(timeouts) : transport;
    RequestExecutor executor =
        RequestExecutor.builder(dialect, t, signer, classifier)
            .retryPolicy(retryPolicy != null ? retryPolicy : defaultRetryPolicy())
            .timeouts(timeouts)
            .clock(clock)
            .sleeper(sleeper)
            .eventListener(eventListener)
            .rateLimiter(
                rateWindow == null
                    ? null
                    : SlidingWindowRateLimiter.of(ratePermits, rateWindow, clock))
            .build();
    return new ClientRuntime(dialect, executor, ownsTransport, asyncExecutor);
  }

}
