package io.unipart.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A tiny HTTP server on a free loopback port that answers every request with what a function
 * says: the ground the kit's fakes stand on, and a quick stub for a test of its own. Built on the
 * JDK's own server.
 *
 * <pre>{@code
 * try (LocalHttpStub stub = LocalHttpStub.start(request ->
 *     LocalHttpStub.Reply.of(200, "application/json", "{\"ok\":true}"))) {
 *   stub.baseUrl();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class LocalHttpStub implements AutoCloseable {
  static {
    // The JDK's server writes headers and body apart; without TCP_NODELAY each small answer
    // waits out the client's delayed ACK (about 40 ms a call). Read once, when the first server
    // starts in this JVM.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;

  private LocalHttpStub(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Starts the stub.
   *
   * @param handler turns each request into a reply
   * @return the running stub; close it to stop it
   * @throws IOException when no port can be bound
   */
  public static LocalHttpStub start(Function<Request, Reply> handler) throws IOException {
    return start(handler, 0);
  }

  /**
   * Starts the stub on a given loopback port.
   *
   * @param handler turns each request into a reply
   * @param port the port, or 0 for a free one
   * @return the running stub; close it to stop it
   * @throws IOException when the port cannot be bound (it is taken)
   */
  public static LocalHttpStub start(Function<Request, Reply> handler, int port)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 (was " + port + ")");
    }
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ExecutorService threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "unipart-local-stub");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", exchange -> answer(exchange, handler));
    server.start();
    return new LocalHttpStub(server, threads);
  }

  private static void answer(HttpExchange exchange, Function<Request, Reply> handler)
      throws IOException {
    try (exchange) {
      Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
      byte[] body = exchange.getRequestBody().readAllBytes();
      URI uri = exchange.getRequestURI();
      Reply reply;
      try {
        reply = handler.apply(new Request(exchange.getRequestMethod(), uri.getRawPath(),
            uri.getRawQuery(), headers, body));
      } catch (RuntimeException e) {
        reply = Reply.of(500, "text/plain", "stub failed: " + e);
      }
      reply.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] out = reply.body;
      exchange.sendResponseHeaders(reply.status, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  /**
   * The base URL to send requests to.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  /** One request as the stub saw it. */
  public static final class Request {
    private final String method;
    private final String rawPath;
    private final String rawQuery;
    private final Map<String, String> headers;
    private final byte[] body;

    Request(String method, String rawPath, String rawQuery, Map<String, String> headers,
        byte[] body) {
      this.method = method;
      this.rawPath = rawPath;
      this.rawQuery = rawQuery;
      this.headers = headers;
      this.body = body;
    }

    /**
     * The method.
     *
     * @return e.g. {@code POST}
     */
    public String method() {
      return method;
    }

    /**
     * The path as sent.
     *
     * @return the raw path
     */
    public String rawPath() {
      return rawPath;
    }

    /**
     * The query as sent.
     *
     * @return the raw query, or null
     */
    public String rawQuery() {
      return rawQuery;
    }

    /**
     * A header.
     *
     * @param name the name, any case
     * @return the value, or null
     */
    public String header(String name) {
      return headers.get(name);
    }

    /**
     * Every header, names in any case; repeated headers joined with commas.
     *
     * @return an unmodifiable view
     */
    public Map<String, String> headers() {
      return java.util.Collections.unmodifiableMap(headers);
    }

    /**
     * The body's length.
     *
     * @return bytes
     */
    public int bodyLength() {
      return body.length;
    }

    /**
     * The body as UTF-8 text.
     *
     * @return the text
     */
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body's bytes.
     *
     * @return a copy
     */
    public byte[] body() {
      return body.clone();
    }
  }

  /** What the stub answers. */
  public static final class Reply {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    private Reply(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }

    /**
     * A reply.
     *
     * @param status the HTTP status
     * @param contentType the content type
     * @param body the body text
     * @return the reply
     */
    public static Reply of(int status, String contentType, String body) {
      return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A reply with a binary body.
     *
     * @param status the HTTP status
     * @param contentType the content type
     * @param body the body's bytes (not copied)
     * @return the reply
     */
    public static Reply of(int status, String contentType, byte[] body) {
      Reply r = new Reply(status, body);
      r.headers.put("Content-Type", contentType);
      return r;
    }

    /**
     * The HTTP status.
     *
     * @return e.g. 200
     */
    public int status() {
      return status;
    }

    /**
     * Adds a header.
     *
     * @param name the name
     * @param value the value
     * @return this reply
     */
    public Reply header(String name, String value) {
      headers.put(name, value);
      return this;
    }
  }
}
