package io.unipart.cognite;

import io.unipart.http.HttpTransport;
import io.unipart.http.OkHttpTransport;
import io.unipart.internal.BaseUrl;
import io.unipart.internal.JsonCodecs;
import io.unipart.internal.RequestExecutor;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseFormatException;
import io.unipart.spi.ServiceError;
import io.unipart.spi.Signer;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.unipart.InvalidRequestException;
import io.unipart.RetryPolicy;
import io.unipart.Sleeper;
import io.unipart.Timeouts;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * OAuth 2.0 client credentials: fetches an access token from the identity provider, caches it,
 * and fetches a new one shortly before it expires (30 s by default) or when Cognite rejects it.
 * Callers arriving together share one token request. Thread-safe; close it to release its HTTP
 * resources.
 *
 * <pre>{@code
 * try (ClientCredentials oauth = ClientCredentials.builder()
 *     .tokenUrl("https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token")
 *     .clientId(clientId).clientSecret(clientSecret)
 *     .scopes("https://westeurope-1.cognitedata.com/.default")
 *     .build()) {
 *   CogniteMultipartClient.builder()...tokenSource(oauth).build();
 * }
 * }</pre>
 *
 * <p>An identity provider that refuses the client ({@code invalid_client}, {@code
 * unauthorized_client}, ...) ends in an {@link io.unipart.AuthenticationException} carrying its
 * {@code error} and {@code error_description}.
 */
public final class ClientCredentials implements TokenSource, AutoCloseable {
  private final URI tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final List<String> scopes;
  private final String audience;
  private final Duration leeway;
  private final Clock clock;
  private final HttpTransport transport;
  private final boolean ownsTransport;
  private final RequestExecutor executor;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Token cached;

  private ClientCredentials(Builder b) {
    this.tokenUrl = b.tokenUrl;
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.scopes = List.copyOf(b.scopes);
    this.audience = b.audience;
    this.leeway = b.leeway;
    this.clock = b.clock;
    this.ownsTransport = b.transport == null;
    this.transport = ownsTransport ? OkHttpTransport.create(b.timeouts) : b.transport;
    this.executor =
        RequestExecutor.builder("oauth", transport, Signer.NONE, ClientCredentials::classify)
            .retryPolicy(b.retryPolicy)
            .timeouts(b.timeouts)
            .clock(b.clock)
            .sleeper(b.sleeper)
            .build();
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String token() {
    Token t = cached;
    if (isFresh(t)) {
      return t.value;
    }
    lock.lock();
    try {
      t = cached;
      if (isFresh(t)) {
        return t.value;
      }
      t = fetch();
      cached = t;
      return t.value;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean invalidate(String rejected) {
    lock.lock();
    try {
      Token t = cached;
      if (t != null && t.value.equals(rejected)) {
        cached = null;
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Releases the HTTP client this source created. */
  @Override
  public void close() {
    if (ownsTransport) {
      transport.close();
    }
  }

  @Override
  public String toString() {
    return "ClientCredentials{tokenUrl=" + tokenUrl + ", clientId=" + clientId + ", scopes="
        + scopes + "}";
  }

  private boolean isFresh(Token t) {
    return t != null && (t.expiresAt == null || clock.instant().plus(leeway).isBefore(t.expiresAt));
  }

  private Token fetch() {
    StringBuilder form = new StringBuilder("grant_type=client_credentials");
    form.append("&client_id=").append(formEncode(clientId));
    form.append("&client_secret=").append(formEncode(clientSecret));
    if (!scopes.isEmpty()) {
      form.append("&scope=").append(formEncode(String.join(" ", scopes)));
    }
    if (audience != null) {
      form.append("&audience=").append(formEncode(audience));
    }
    HttpRequest request =
        HttpRequest.builder("POST", tokenUrl).operation("token")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .body(form.toString().getBytes(StandardCharsets.UTF_8))
            .build();
    Instant requested = clock.instant();
    return executor.execute(request, response -> parse(response, requested), null);
  }

  /** A token answer (RFC 6749 section 5.1); {@code expires_in} a number, or text from some IdPs. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class TokenJson {
    @JsonProperty("access_token")
    public String accessToken;
    @JsonProperty("expires_in")
    public Object expiresIn;
  }

  /** An error answer (RFC 6749 section 5.2). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  static final class OAuthError {
    public Object error;
    @JsonProperty("error_description")
    public Object description;
  }

  private static Token parse(HttpResponse response, Instant requested)
      throws ResponseFormatException {
    TokenJson json = JsonCodecs.readStrict(response.body(), TokenJson.class);
    String value = json.accessToken;
    if (value == null || value.isBlank()) {
      throw new ResponseFormatException("the token response has no access_token");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new ResponseFormatException("the access_token is not printable US-ASCII");
      }
    }
    long seconds = json.expiresIn instanceof Number n ? n.longValue()
        : json.expiresIn instanceof String text ? parseLong(text) : -1;
    return new Token(value, seconds > 0 ? requested.plusSeconds(seconds) : null);
  }

  private static ServiceError classify(HttpResponse response) {
    if (response.isSuccessful()) {
      return null;
    }
    ServiceError.Builder b = ServiceError.builder(response.status());
    try {
      OAuthError json = JsonCodecs.read(response.body(), OAuthError.class);
      b.code(json.error == null ? null : String.valueOf(json.error))
          .message(json.description == null ? null : String.valueOf(json.description));
    } catch (ResponseFormatException | RuntimeException e) {
      b.message("the identity provider answered HTTP " + response.status() + ": "
          + response.bodySnippet(160));
    }
    if (response.status() == 400 || response.status() == 401 || response.status() == 403) {
      b.kind(ServiceError.Kind.AUTHENTICATION);
    }
    b.requestId(response.header("x-ms-request-id"));
    return b.build();
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String formEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A cached token; never printed. */
  private static final class Token {
    final String value;
    final Instant expiresAt;

    Token(String value, Instant expiresAt) {
      this.value = value;
      this.expiresAt = expiresAt;
    }

    @Override
    public String toString() {
      return "Token{expiresAt=" + expiresAt + "}";
    }
  }

  /** Builds {@link ClientCredentials}. Not thread-safe. */
  public static final class Builder {
    private URI tokenUrl;
    private boolean allowPlainHttp;
    private String clientId;
    private String clientSecret;
    private final List<String> scopes = new ArrayList<>();
    private String audience;
    private Duration leeway = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private HttpTransport transport;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Timeouts timeouts = Timeouts.defaults();
    private Sleeper sleeper = Sleeper.system();

    private Builder() {}

    /**
     * Sets the identity provider's token endpoint. Required.
     *
     * @param tokenUrl an https URL (http only when it says so)
     */
    public Builder tokenUrl(String tokenUrl) {
      BaseUrl.parse("tokenUrl", tokenUrl);
      this.tokenUrl = URI.create(tokenUrl.trim());
      return this;
    }

    /**
     * Allows a plain-http token URL on another machine (the client secret would cross the
     * network in clear). Off by default; loopback URLs never need it.
     *
     * @param allow whether to allow it
     */
    public Builder allowPlainHttp(boolean allow) {
      this.allowPlainHttp = allow;
      return this;
    }

    /**
     * Sets the client id. Required.
     *
     * @param clientId the id
     */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /**
     * Sets the client secret. Required; never printed.
     *
     * @param clientSecret the secret
     */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * Sets the scopes, sent space-separated.
     *
     * @param scopes e.g. {@code https://<cluster>.cognitedata.com/.default}
     */
    public Builder scopes(String... scopes) {
      this.scopes.clear();
      for (String s : scopes) {
        if (s == null || s.isBlank() || s.contains(" ")) {
          throw new InvalidRequestException("scopes", "must be non-empty and without spaces");
        }
        this.scopes.add(s);
      }
      return this;
    }

    /**
     * Sets the audience some identity providers want.
     *
     * @param audience the audience, or null
     */
    public Builder audience(String audience) {
      this.audience = audience;
      return this;
    }

    /**
     * How long before expiry a token is renewed. Default 30 s.
     *
     * @param leeway 0 to 1 hour
     */
    public Builder refreshLeeway(Duration leeway) {
      if (leeway == null || leeway.isNegative() || leeway.compareTo(Duration.ofHours(1)) > 0) {
        throw new InvalidRequestException("refreshLeeway", "must be 0..1 hour");
      }
      this.leeway = leeway;
      return this;
    }

    /**
     * Sets the clock deciding expiry.
     *
     * @param clock the clock
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sends token requests through this transport (the caller keeps ownership).
     *
     * @param transport the transport
     */
    public Builder transport(HttpTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Sets retries for the token request.
     *
     * @param retryPolicy the policy
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets timeouts for the token request.
     *
     * @param timeouts the timeouts
     */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
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
     * Builds the source.
     *
     * @return the source; close it when done
     */
    public ClientCredentials build() {
      if (tokenUrl == null) {
        throw new InvalidRequestException("tokenUrl", "is required");
      }
      BaseUrl.parse("tokenUrl", tokenUrl.toString()).requireSecure("tokenUrl", allowPlainHttp);
      if (clientId == null || clientId.isEmpty()) {
        throw new InvalidRequestException("clientId", "is required");
      }
      if (clientSecret == null || clientSecret.isEmpty()) {
        throw new InvalidRequestException("clientSecret", "is required");
      }
      return new ClientCredentials(this);
    }
  }
}
