package io.unipart.http;

import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ResponseTooLargeException;
import io.unipart.PartContent;
import io.unipart.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;

/**
 * The default transport, on OkHttp 4.x (or 5.x as {@code okhttp-jvm}; see the README).
 *
 * <pre>{@code
 * OkHttpClient mine = new OkHttpClient.Builder().proxy(proxy).build();
 * HttpTransport transport = OkHttpTransport.create(mine);   // shares mine's pool and threads
 * }</pre>
 *
 * <p>Redirects are never followed. A caller's client is used through {@code newBuilder()}, so its
 * connection pool, dispatcher, TLS and interceptors are shared and {@link #close()} leaves them
 * alone; a transport made by {@link #create()} owns its client and closes it.
 *
 * <p>A transport made by {@link #create()} sets up TLS (the platform's trust store, read from
 * disk) on its first https call rather than when it is built: OkHttp would otherwise do it in
 * its constructor, which costs about 90 ms of a cold start that an http endpoint (a local MinIO, an
 * in-cluster gateway) never needs. https calls go through a client derived from the first, with
 * the same connection pool and dispatcher.
 *
 * <p>OkHttp resolves {@code .} and {@code ..} path segments; {@link #preservesDotSegments()} is
 * false, and the request is refused rather than sent to a rewritten path.
 */
public final class OkHttpTransport implements HttpTransport {
  /** OkHttp's own default: modern TLS for https, clear text for http. */
  private static final List<ConnectionSpec> TLS_AND_CLEARTEXT =
      List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT);

  private final OkHttpClient client;
  private final boolean owned;
  /** True when {@link #client} speaks clear text only and https goes through {@link #tls}. */
  private final boolean deferredTls;
  private volatile OkHttpClient tls;

  private OkHttpTransport(OkHttpClient client, boolean owned, boolean deferredTls) {
    this.client = client;
    this.owned = owned;
    this.deferredTls = deferredTls;
  }

  /**
   * A transport with its own client and the default {@link Timeouts}.
   *
   * @return the transport
   */
  public static OkHttpTransport create() {
    return create(Timeouts.defaults());
  }

  /**
   * A transport with its own client.
   *
   * @param timeouts connect, read and write timeouts for the client
   * @return the transport
   */
  public static OkHttpTransport create(Timeouts timeouts) {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .connectTimeout(timeouts.connect())
            .readTimeout(timeouts.read())
            .writeTimeout(timeouts.write())
            .followRedirects(false)
            .followSslRedirects(false)
            .retryOnConnectionFailure(false)
            .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
            .build();
    return new OkHttpTransport(client, true, true);
  }

  /**
   * A transport on the caller's client (its pool, dispatcher, proxy, TLS and interceptors), with
   * redirects turned off. The caller keeps ownership.
   *
   * @param client the caller's client
   * @return the transport
   */
  public static OkHttpTransport create(OkHttpClient client) {
    Objects.requireNonNull(client, "client");
    OkHttpClient derived =
        client.newBuilder().followRedirects(false).followSslRedirects(false).build();
    return new OkHttpTransport(derived, false, false);
  }

  @Override
  public HttpResponse execute(HttpRequest request, Duration timeout, long maxBodyBytes)
      throws IOException {
    HttpUrl url = HttpUrl.get(request.uri().toString());
    if (!url.encodedPath().equals(rawPath(request))
        || !Objects.equals(url.encodedQuery(), request.uri().getRawQuery())) {
      throw new IllegalArgumentException(
          "OkHttp would send a rewritten path; use JdkHttpTransport for keys with '.' or '..'"
              + " segments");
    }
    Request.Builder rb = new Request.Builder().url(url);
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("Content-Length")) {
        rb.header(h.getKey(), h.getValue());
      }
    }
    RequestBody requestBody = requestBody(request);
    rb.method(request.method(), requestBody);

    Call call = clientFor(url).newCall(rb.build());
    call.timeout().timeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    try (Response response = call.execute()) {
      HttpResponse.Builder out = HttpResponse.builder(response.code());
      Headers headers = response.headers();
      for (int i = 0; i < headers.size(); i++) {
        out.header(headers.name(i), headers.value(i));
      }
      return out.body(readCapped(response, maxBodyBytes)).build();
    }
  }

  @Override
  public boolean preservesDotSegments() {
    return false;
  }

  @Override
  public void close() {
    if (owned) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /**
   * The client this transport sends through (for a transport made by {@link #create()}, https
   * calls use one derived from it on first use, sharing its pool and dispatcher).
   *
   * @return the client
   */
  public OkHttpClient client() {
    return client;
  }

  private OkHttpClient clientFor(HttpUrl url) {
    if (!deferredTls || !url.isHttps()) {
      return client;
    }
    OkHttpClient t = tls;
    if (t == null) {
      synchronized (this) {
        t = tls;
        if (t == null) {
          t = client.newBuilder().connectionSpecs(TLS_AND_CLEARTEXT).build();
          tls = t;
        }
      }
    }
    return t;
  }

  private static String rawPath(HttpRequest request) {
    String p = request.uri().getRawPath();
    return p == null || p.isEmpty() ? "/" : p;
  }

  /**
   * OkHttp sends {@code Content-Length} with every body it sends, an empty POST or PUT
   * included, and none on a bodiless GET, HEAD or DELETE.
   *
   * @param request the request
   * @return the request with the {@code Content-Length} OkHttp will send
   */
  @Override
  public HttpRequest onWire(HttpRequest request) {
    boolean sent = request.bodyLength() > 0 || needsBody(request.method());
    if (sent == (request.header("Content-Length") != null)) {
      return request;
    }
    return sent
        ? request.withHeaders("Content-Length", String.valueOf(request.bodyLength()))
        : request.toBuilder().removeHeader("Content-Length").build();
  }

  private static boolean needsBody(String method) {
    return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
  }

  private static byte[] readCapped(Response response, long max) throws IOException {
    ResponseBody body = response.body();
    if (body == null) {
      return new byte[0];
    }
    long declared = body.contentLength();
    if (declared > max) {
      throw new ResponseTooLargeException(response.code(), max);
    }
    BufferedSource source = body.source();
    Buffer buffer = new Buffer();
    while (buffer.size() <= max) {
      if (source.read(buffer, 8192) == -1) {
        return buffer.readByteArray();
      }
    }
    throw new ResponseTooLargeException(response.code(), max);
  }

  private static RequestBody requestBody(HttpRequest request) {
    PartContent content = request.streamedBody();
    if (content != null) {
      return new StreamedBody(content, request.header("Content-Type"));
    }
    byte[] body = request.bodyBytes();
    return body.length == 0 && !needsBody(request.method()) ? null : RequestBody.create(body);
  }

  /** A part read from its source each time OkHttp writes it, so a retry sends it again. */
  private static final class StreamedBody extends RequestBody {
    private final PartContent content;
    private final MediaType type;

    StreamedBody(PartContent content, String contentType) {
      this.content = content;
      this.type = contentType == null ? null : MediaType.parse(contentType);
    }

    @Override
    public MediaType contentType() {
      return type;
    }

    @Override
    public long contentLength() {
      return content.length();
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
      try (InputStream in = content.openStream()) {
        sink.writeAll(Okio.source(in));
      }
    }
  }
}
