package io.unipart.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The sink the upload benchmarks send to, in its own JVM: keep-alive HTTP/1.1 (the JDK's server),
 * or https with a self-signed certificate, answering the S3 lifecycle calls (initiate, part,
 * complete, abort, HEAD, and the bucket-location GET minio asks first) and reading and
 * discarding part bodies without hashing them. A part's ETag is the MD5 the client declared in
 * {@code Content-MD5} (the client computed it; the sink does not check it); for the clients that
 * hold ETags to an MD5 they took while sending (Tencent's SDK, unipart over https) the MD5 of the
 * body, as S3 and COS answer; else an opaque tag.
 * So little work per byte that the client is what is measured. {@code GET /_stats} gives the
 * body bytes received, for the harness to check nothing was skipped.
 *
 * <pre>
 * java -cp benchmarks.jar io.unipart.benchmarks.SinkServer 0            # http
 * java -cp benchmarks.jar io.unipart.benchmarks.SinkServer 0 sink.p12   # https, keystore password "sink-bench"
 * </pre>
 */
public final class SinkServer {
  static final String KEYSTORE_PASSWORD = "sink-bench";

  private final AtomicLong bodyBytes = new AtomicLong();
  private final AtomicLong tags = new AtomicLong();
  private final Map<String, AtomicLong> uploadSizes = new ConcurrentHashMap<>();
  private final Map<String, Long> objectSizes = new ConcurrentHashMap<>();

  private SinkServer() {}

  /**
   * Starts the sink and prints its endpoint on the first line of standard output.
   *
   * @param args the port (0 for any), and for https a PKCS12 keystore
   * @throws Exception when it cannot start
   */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    HttpServer server;
    if (args.length > 1) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
        ks.load(in, KEYSTORE_PASSWORD.toCharArray());
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, KEYSTORE_PASSWORD.toCharArray());
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(kmf.getKeyManagers(), null, null);
      HttpsServer https = HttpsServer.create(at, 256);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    } else {
      server = HttpServer.create(at, 256);
    }
    SinkServer sink = new SinkServer();
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sink");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", sink::handle);
    server.start();
    System.out.println((args.length > 1 ? "https" : "http") + "://127.0.0.1:"
        + server.getAddress().getPort());
    System.out.flush();
    Thread.currentThread().join();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      serve(exchange);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void serve(HttpExchange exchange) throws IOException,
      java.security.NoSuchAlgorithmException {
    {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      String uploadId = param(query, "uploadId");
      if (path.equals("/_stats")) {
        reply(exchange, 200, "{\"bodyBytes\":" + bodyBytes.get() + "}");
        return;
      }
      // Tencent's SDK and unipart (over https, by default) check each part's ETag against the
      // MD5 they computed while sending, and send no Content-MD5: for them alone the sink hashes
      // the body, as COS and S3 themselves would. The others get an opaque tag, which they
      // never check, so the sink spends no CPU on them.
      String agent = exchange.getRequestHeaders().getFirst("User-Agent");
      java.security.MessageDigest md5 = method.equals("PUT")
          && exchange.getRequestHeaders().getFirst("Content-MD5") == null && agent != null
          && (agent.startsWith("cos-java-sdk") || agent.startsWith("unipart/")
              && "UNSIGNED-PAYLOAD".equals(
                  exchange.getRequestHeaders().getFirst("x-amz-content-sha256")))
          ? java.security.MessageDigest.getInstance("MD5")
          : null;
      long drained = drain(exchange.getRequestBody(), md5);
      bodyBytes.addAndGet(drained);
      String key = URLDecoder.decode(path.substring(1), StandardCharsets.UTF_8);
      switch (method) {
        case "POST":
          if (query != null && query.startsWith("uploads")) {
            String id = UUID.randomUUID().toString();
            uploadSizes.put(id, new AtomicLong());
            int slash = key.indexOf('/');
            reply(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<InitiateMultipartUploadResult><Bucket>" + key.substring(0, Math.max(0, slash))
                + "</Bucket><Key>" + xml(key.substring(slash + 1)) + "</Key><UploadId>" + id
                + "</UploadId></InitiateMultipartUploadResult>");
          } else {
            AtomicLong size = uploadId == null ? null : uploadSizes.remove(uploadId);
            objectSizes.put(key, size == null ? 0 : size.get());
            reply(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<CompleteMultipartUploadResult><Key>" + xml(key) + "</Key><ETag>\"sink-"
                + tags.incrementAndGet() + "\"</ETag></CompleteMultipartUploadResult>");
          }
          return;
        case "PUT": {
          String declared = exchange.getRequestHeaders().getFirst("Content-MD5");
          String decoded = exchange.getRequestHeaders().getFirst("x-amz-decoded-content-length");
          long size = decoded != null ? Long.parseLong(decoded) : drained;
          if (uploadId != null && uploadSizes.containsKey(uploadId)) {
            uploadSizes.get(uploadId).addAndGet(size);
          } else {
            objectSizes.put(key, size);
          }
          String etag = declared != null
              ? HexFormat.of().formatHex(Base64.getDecoder().decode(declared))
              : md5 != null ? HexFormat.of().formatHex(md5.digest())
              : String.format("%032x", tags.incrementAndGet());
          exchange.getResponseHeaders().set("ETag", "\"" + etag + "\"");
          exchange.sendResponseHeaders(200, -1);
          return;
        }
        case "HEAD": {
          Long size = objectSizes.get(key);
          exchange.getResponseHeaders().set("Content-Length", String.valueOf(size == null ? 0
              : size));
          exchange.getResponseHeaders().set("ETag", "\"sink\"");
          exchange.sendResponseHeaders(size == null ? 404 : 200, -1);
          return;
        }
        case "GET":
          // minio asks a bucket's region before anything else
          reply(exchange, 200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><LocationConstraint "
              + "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">us-east-1</LocationConstraint>");
          return;
        case "DELETE":
          if (uploadId != null) {
            uploadSizes.remove(uploadId);
          }
          exchange.sendResponseHeaders(204, -1);
          return;
        default:
          exchange.sendResponseHeaders(405, -1);
      }
    }
  }

  private static long drain(InputStream in, java.security.MessageDigest md5) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long n = 0;
    for (int r; (r = in.read(buffer)) > 0; ) {
      n += r;
      if (md5 != null) {
        md5.update(buffer, 0, r);
      }
    }
    return n;
  }

  private static String param(String query, String name) {
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;");
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json"
        : "application/xml");
    exchange.getResponseHeaders().set("x-amz-request-id", "SINK");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
