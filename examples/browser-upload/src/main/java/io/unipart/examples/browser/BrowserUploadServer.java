package io.unipart.examples.browser;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartClient;
import io.unipart.PartPresigner;
import io.unipart.MultipartUploader;
import io.unipart.ServiceException;
import io.unipart.UploadException;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import io.unipart.UploadedPart;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The server half of a browser upload: the browser sends a file's parts straight to storage, so
 * the bytes never pass through this server. It has three calls, and holds the storage
 * credentials, which never reach the browser:
 *
 * <ul>
 *   <li>{@code POST /api/uploads} {@code {name, size, type}}: starts a multipart upload and plans
 *       its parts; answers {@code {id, key, partSize, parts}}.
 *   <li>{@code POST /api/uploads/{id}/urls} {@code {parts: [1, 2, ...]}}: one presigned PUT URL
 *       per part ({@code presignPart}, valid 15 minutes).
 *   <li>{@code POST /api/uploads/{id}/complete} {@code {parts: [{partNumber, etag}]}}: checks
 *       against the storage's own part listing that every planned part is there, with the
 *       browser's ETag and the planned size, and only then completes; otherwise answers 409 and
 *       leaves the upload open for the browser to send again. {@code .../abort} ends it.
 * </ul>
 *
 * <p>It also serves the page ({@code /}, {@code /app.js}). This is an example: a real
 * application authenticates the caller and decides the key itself.
 */
public final class BrowserUploadServer implements AutoCloseable {
  static final Duration URL_EXPIRY = Duration.ofMinutes(15);
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final HttpServer server;
  private final ExecutorService threads;
  private final MultipartClient client;
  private final PartPresigner presigner;
  private final String prefix;
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

  private record Upload(UploadSession session, long size, long partSize, int parts) {
    long sizeOf(int n) {
      return n < parts ? partSize : size - partSize * (parts - 1);
    }
  }

  record Start(String name, long size, String type) {}

  record Started(String id, String key, long partSize, int parts) {}

  record UrlsWanted(List<Integer> parts) {}

  record PartUrl(int partNumber, String url) {}

  record Urls(List<PartUrl> urls) {}

  record SentPart(int partNumber, String etag) {}

  record Complete(List<SentPart> parts) {}

  record Completed(String key, long size, String etag) {}

  record Failure(String error) {}

  private BrowserUploadServer(HttpServer server, ExecutorService threads, MultipartClient client,
      PartPresigner presigner, String prefix) {
    this.server = server;
    this.threads = threads;
    this.client = client;
    this.presigner = presigner;
    this.prefix = prefix;
  }

  /**
   * Starts the server on this machine.
   *
   * @param client the storage client (S3 or COS), which also presigns part URLs; the caller
   *     closes it
   * @param <C> a client that presigns
   * @param prefix prepended to each file name to make the key, e.g. {@code uploads/}
   * @param port the port, or 0 for any free one
   * @return the running server
   * @throws IOException when the port cannot be bound
   */
  public static <C extends MultipartClient & PartPresigner> BrowserUploadServer start(C client,
      String prefix, int port) throws IOException {
    HttpServer http = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "browser-upload-server");
      t.setDaemon(true);
      return t;
    });
    BrowserUploadServer s = new BrowserUploadServer(http, threads,
        Objects.requireNonNull(client, "client"), client,
        prefix == null ? "" : prefix);
    http.setExecutor(threads);
    http.createContext("/", s::handle);
    http.start();
    return s;
  }

  /**
   * The page's address.
   *
   * @return {@code http://127.0.0.1:<port>/}
   */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && (path.equals("/") || path.equals("/index.html"))) {
        resource(exchange, "index.html", "text/html; charset=utf-8");
      } else if (method.equals("GET") && path.equals("/app.js")) {
        resource(exchange, "app.js", "text/javascript; charset=utf-8");
      } else if (method.equals("POST") && path.equals("/api/uploads")) {
        reply(exchange, 200, start(JSON.readValue(exchange.getRequestBody(), Start.class)));
      } else if (method.equals("POST") && path.startsWith("/api/uploads/")) {
        String[] rest = path.substring("/api/uploads/".length()).split("/");
        Upload u = rest.length == 2 ? uploads.get(rest[0]) : null;
        if (u == null) {
          reply(exchange, 404, new Failure("no upload " + rest[0] + " in progress"));
        } else if (rest[1].equals("urls")) {
          reply(exchange, 200, urls(u, JSON.readValue(exchange.getRequestBody(),
              UrlsWanted.class)));
        } else if (rest[1].equals("complete")) {
          complete(exchange, rest[0], u, JSON.readValue(exchange.getRequestBody(),
              Complete.class));
        } else if (rest[1].equals("abort")) {
          client.abort(u.session());
          uploads.remove(rest[0]);
          reply(exchange, 200, Map.of("aborted", true));
        } else {
          reply(exchange, 404, new Failure("no such call"));
        }
      } else {
        reply(exchange, 404, new Failure("not found"));
      }
    } catch (InvalidRequestException e) {
      reply(exchange, 400, new Failure(e.getMessage()));
    } catch (ServiceException e) {
      reply(exchange, 502, new Failure("storage refused: " + e.errorCode() + " "
          + e.errorMessage()));
    } catch (UploadException e) {
      reply(exchange, 502, new Failure("storage failed: " + e.getMessage()));
    } catch (IOException | RuntimeException e) {
      reply(exchange, 400, new Failure("bad request: " + e.getMessage()));
    }
  }

  private Started start(Start s) {
    if (s.name() == null || s.name().isBlank() || s.size() <= 0) {
      throw new InvalidRequestException("file", "needs a name and a size above zero");
    }
    long partSize = MultipartUploader.builder(client).build().partSizeFor(s.size());
    UploadSession session = client.initiate(UploadRequest.builder().key(prefix + s.name())
        .contentType(s.type() == null || s.type().isBlank() ? null : s.type())
        .contentLength(s.size()).partSize(partSize).build());
    int parts = (int) ((s.size() + partSize - 1) / partSize);
    uploads.put(session.uploadId(), new Upload(session, s.size(), partSize, parts));
    return new Started(session.uploadId(), session.key(), partSize, parts);
  }

  private Urls urls(Upload u, UrlsWanted wanted) {
    List<PartUrl> urls = new ArrayList<>();
    for (int n : wanted.parts()) {
      if (n < 1 || n > u.parts()) {
        throw new InvalidRequestException("parts", "holds " + n + "; this upload has parts 1 to "
            + u.parts());
      }
      urls.add(new PartUrl(n, presigner.presignPart(u.session(), n, URL_EXPIRY).toString()));
    }
    return new Urls(urls);
  }

  /** Completes only from parts the storage itself lists with the browser's ETags and sizes. */
  private void complete(HttpExchange exchange, String id, Upload u, Complete c)
      throws IOException {
    Map<Integer, String> sent = new ConcurrentHashMap<>();
    for (SentPart p : c.parts()) {
      sent.put(p.partNumber(), p.etag());
    }
    Map<Integer, UploadedPart> listed = new ConcurrentHashMap<>();
    for (UploadedPart p : client.listParts(u.session())) {
      listed.put(p.partNumber(), p);
    }
    List<UploadedPart> parts = new ArrayList<>();
    for (int n = 1; n <= u.parts(); n++) {
      UploadedPart p = listed.get(n);
      String problem = p == null ? "the storage does not hold it"
          : !p.etag().orElse("").equals(sent.get(n)) ? "its ETag is " + p.etag().orElse("none")
              + ", the browser sent " + sent.get(n)
          : p.size() != u.sizeOf(n) ? "it has " + p.size() + " bytes, not " + u.sizeOf(n)
          : null;
      if (problem != null) {
        reply(exchange, 409, new Failure("part " + n + ": " + problem + "; send it again"));
        return;
      }
      parts.add(p);
    }
    var result = client.complete(u.session(), parts);
    uploads.remove(id);
    reply(exchange, 200, new Completed(result.key(), u.size(), result.etag().orElse(null)));
  }

  private static void resource(HttpExchange exchange, String name, String type)
      throws IOException {
    try (InputStream in = BrowserUploadServer.class.getResourceAsStream(name)) {
      byte[] body = in.readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void reply(HttpExchange exchange, int status, Object value) throws IOException {
    byte[] body = JSON.writeValueAsBytes(value);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public String toString() {
    return "BrowserUploadServer{" + url() + ", " + uploads.size() + " uploads in progress}";
  }
}
