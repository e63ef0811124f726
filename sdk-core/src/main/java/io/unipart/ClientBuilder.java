package io.unipart;

import io.unipart.http.HttpTransport;
import io.unipart.http.JdkHttpTransport;
import io.unipart.http.OkHttpTransport;
import io.unipart.internal.BaseUrl;
import io.unipart.internal.CaBundle;
import io.unipart.internal.ClientRuntime;
import io.unipart.internal.RequestExecutor;
import io.unipart.internal.SlidingWindowRateLimiter;
import io.unipart.spi.ErrorClassifier;
import io.unipart.spi.Signer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The settings every dialect client shares: transport, trusted CAs, retries, timeouts, clock,
 * sleeper and the executor for async calls. Each dialect's builder extends it, so an application configures every
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
  private Path trustedCertificates;
  private java.security.Provider tlsProvider;
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
   * ownership: closing the client does not close it. Its client's TLS settings decide what it
   * trusts, so {@link #trustedCertificates} is refused beside it.
   *
   * @param transport e.g. {@code OkHttpTransport.create(myOkHttpClient)} or {@code
   *     JdkHttpTransport.create()}
   */
  public B transport(HttpTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    return self();
  }

  /**
   * Also trusts the CA certificates in this PEM file, for a store whose https certificate comes
   * from its own CA (Ceph, MinIO, a gateway inside the company) without touching the JVM's trust
   * store.
   *
   * <pre>{@code
   * S3MultipartClient.builder()
   *     .endpoint("https://ceph.internal:7480").region("default").bucket("media")
   *     .trustedCertificates(Path.of("/etc/ceph/ca.pem"))
   *     .build();
   * }</pre>
   *
   * <p>The certificates are <b>added to</b> the JVM's default trust (its {@code cacerts}, or the
   * store {@code javax.net.ssl.trustStore} names), not put in its place, so one client still
   * reaches hosts with public certificates: a store behind a public CA, presigned part URLs, an
   * identity provider. (The AWS CLI's {@code AWS_CA_BUNDLE} replaces the defaults; to trust only
   * your CA, give a {@link #transport} whose client trusts only it.) Host names are still checked
   * against the certificate. Nothing global changes: no system property, no default {@code
   * SSLContext}.
   *
   * <p>The file holds one or more {@code -----BEGIN CERTIFICATE-----} blocks (text between them
   * is ignored) and is read by {@code build()}: a file that is missing, unreadable or empty, or
   * holds a PEM block that is not a certificate (a key), is an {@link InvalidRequestException}
   * naming {@code trustedCertificates}, before any call. It sets up the transport the client
   * makes, so it cannot be combined with {@link #transport}: {@code build()} refuses that, as the
   * caller's client has its own TLS settings.
   *
   * @param pemFile the CA certificates, PEM-encoded
   */
  public B trustedCertificates(Path pemFile) {
    this.trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
    return self();
  }

  /**
   * Makes this client's TLS connections with this JSSE provider instead of the JVM's default: a
   * faster TLS stack for this client alone, such as Conscrypt's BoringSSL ({@code
   * sdk-tls-conscrypt}'s {@code ConscryptTls.provider()}, which measured a third less CPU per GiB
   * over https: docs/BENCHMARKS.md).
   *
   * <pre>{@code
   * S3MultipartClient.builder()
   *     .endpoint("https://s3.eu-west-1.amazonaws.com").region("eu-west-1").bucket("media")
   *     .tlsProvider(ConscryptTls.provider())
   *     .build();
   * }</pre>
   *
   * <p>Only the TLS engine changes. Certificates are still checked by the JVM's own trust
   * manager against its default trust (and {@link #trustedCertificates}, when given), with all
   * its checks; host names still by OkHttp's verifier; nothing global changes (no {@code
   * Security.insertProviderAt}, no default {@code SSLContext}). Plain-http calls are unaffected.
   * A provider without TLS is an {@link InvalidRequestException} naming {@code tlsProvider}, from
   * {@code build()}. It sets up the transport the client makes, so it cannot be combined with
   * {@link #transport}.
   *
   * @param provider e.g. {@code ConscryptTls.provider()}
   */
  public B tlsProvider(java.security.Provider provider) {
    this.tlsProvider = Objects.requireNonNull(provider, "provider");
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
    if (transport != null && trustedCertificates != null) {
      throw new InvalidRequestException("trustedCertificates", "cannot be combined with"
          + " transport(..), whose client has its own TLS settings: trust the CA there, or leave"
          + " the transport to the builder");
    }
    if (transport != null && tlsProvider != null) {
      throw new InvalidRequestException("tlsProvider", "cannot be combined with transport(..),"
          + " whose client has its own TLS settings: give that client the provider's socket"
          + " factory, or leave the transport to the builder");
    }
    CaBundle trust = trustedCertificates != null
        ? CaBundle.read("trustedCertificates", trustedCertificates)
        : tlsProvider != null ? CaBundle.jvmDefaults() : null;
    OkHttpTransport owned = transport == null ? OkHttpTransport.create(timeouts) : null;
    HttpTransport t = transport != null ? transport
        : trust == null ? owned
            : OkHttpTransport.create(trust.trustedBy(owned.client(), tlsProvider));
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
    // A trusting transport shares the owned one's pool and dispatcher: closing that frees both.
    return new ClientRuntime(dialect, executor, owned, asyncExecutor);
  }

}
