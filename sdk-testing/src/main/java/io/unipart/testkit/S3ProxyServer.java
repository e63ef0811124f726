package io.unipart.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3-compatible server with SigV4 authentication on: S3Proxy run from its own fat jar in a
 * child JVM on a free loopback port, over a throw-away directory (each pre-created bucket is a
 * folder). No classpath is shared with the caller.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start(jar, "access", "secret", "demo-bucket")) {
 *   s3.endpoint();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class S3ProxyServer implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private static final String KEYSTORE_PASSWORD = "unipart-test";

  /** The S3Proxy release {@link #locateJar()} fetches. */
  public static final String S3PROXY_VERSION = "4.1.0";

  /** The SHA-256 of that release's {@code jar-with-dependencies} on Maven Central. */
  static final String S3PROXY_SHA256 =
      "a4d025969aaf796616ed4b1e2491d87d455ce84bb28cb9db086b2e6aaa68b48d";

  private final Process process;
  private final Path workDir;
  private final int port;
  private final String accessKey;
  private final String secretKey;
  private final Path keystore;

  private S3ProxyServer(Process process, Path workDir, int port, String ak, String sk,
      Path keystore) {
    this.process = process;
    this.workDir = workDir;
    this.port = port;
    this.accessKey = ak;
    this.secretKey = sk;
    this.keystore = keystore;
  }

  /**
   * Starts S3Proxy and waits until it accepts connections.
   *
   * @param s3proxyJar S3Proxy's {@code jar-with-dependencies}
   * @param accessKey the only access key it accepts
   * @param secretKey its secret
   * @param buckets buckets to create before it starts
   * @return the running server; close it to stop it
   * @throws IOException when it cannot be started
   */
  public static S3ProxyServer start(
      Path s3proxyJar, String accessKey, String secretKey, String... buckets) throws IOException {
    return start(false, s3proxyJar, accessKey, secretKey, buckets);
  }

  /**
   * Starts S3Proxy over https, with a self-signed certificate for 127.0.0.1 made for this run
   * (JDK's {@code keytool}); {@link #sslContext()} trusts exactly that certificate.
   *
   * @param s3proxyJar S3Proxy's {@code jar-with-dependencies}
   * @param accessKey the only access key it accepts
   * @param secretKey its secret
   * @param buckets buckets to create before it starts
   * @return the running server; close it to stop it
   * @throws IOException when it cannot be started
   */
  public static S3ProxyServer startTls(
      Path s3proxyJar, String accessKey, String secretKey, String... buckets) throws IOException {
    return start(true, s3proxyJar, accessKey, secretKey, buckets);
  }

  private static S3ProxyServer start(boolean tls, Path s3proxyJar, String accessKey,
      String secretKey, String... buckets) throws IOException {
    Objects.requireNonNull(s3proxyJar, "s3proxyJar");
    if (!Files.isRegularFile(s3proxyJar)) {
      throw new IOException("S3Proxy jar not found at " + s3proxyJar);
    }
    Path work = Files.createTempDirectory("unipart-s3proxy-");
    Path data = Files.createDirectories(work.resolve("data"));
    for (String bucket : buckets) {
      Files.createDirectories(data.resolve(bucket));
    }
    int port = freePort();
    Path keystore = tls ? selfSignedKeystore(work) : null;
    Path conf = work.resolve("s3proxy.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            tls ? "s3proxy.secure-endpoint=https://127.0.0.1:" + port + "\n"
                + "s3proxy.keystore-path=" + keystore.toAbsolutePath() + "\n"
                + "s3proxy.keystore-password=" + KEYSTORE_PASSWORD
                : "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            // Browsers may PUT parts straight to it, as web apps do with presigned URLs: CORS
            // on, every header exposed (the part's ETag), no credentials.
            "s3proxy.cors-allow-all=true",
            "s3proxy.identity=" + accessKey,
            "s3proxy.credential=" + secretKey,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
            ""),
        StandardCharsets.UTF_8);
    Path log = work.resolve("s3proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-jar", s3proxyJar.toString(), "--properties",
        conf.toString()));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server =
        new S3ProxyServer(process, work, port, accessKey, secretKey, keystore);
    try {
      server.awaitReady(log);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * The S3Proxy jar the kit runs: the file named by the system property {@code
   * unipart.s3proxy.jar} or the variable {@code UNIPART_S3PROXY_JAR}; else S3Proxy {@value
   * #S3PROXY_VERSION}'s {@code jar-with-dependencies} in the local Maven repository, fetched from
   * Maven Central on first use and checked against its pinned SHA-256 (as a container image is
   * pulled by digest). Run in a child JVM, it shares no class with the caller.
   *
   * @return the jar
   * @throws IOException when it is neither there nor downloadable
   */
  public static Path locateJar() throws IOException {
    String named = System.getProperty("unipart.s3proxy.jar", System.getenv("UNIPART_S3PROXY_JAR"));
    if (named != null && !named.isBlank()) {
      Path jar = Path.of(named);
      if (!Files.isRegularFile(jar)) {
        throw new IOException("unipart.s3proxy.jar names " + jar + ", which is not a file");
      }
      return jar;
    }
    String repo = System.getProperty("maven.repo.local",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    String name = "s3proxy-" + S3PROXY_VERSION + "-jar-with-dependencies.jar";
    Path jar = Path.of(repo, "org", "gaul", "s3proxy", S3PROXY_VERSION, name);
    if (Files.isRegularFile(jar) && S3PROXY_SHA256.equals(sha256(jar))) {
      return jar;
    }
    URI central = URI.create("https://repo.maven.apache.org/maven2/org/gaul/s3proxy/"
        + S3PROXY_VERSION + "/" + name);
    Files.createDirectories(jar.getParent());
    Path part = Files.createTempFile(jar.getParent(), name, ".part");
    try {
      java.net.http.HttpResponse<Path> got = java.net.http.HttpClient.newBuilder()
          .followRedirects(java.net.http.HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(30)).build()
          .send(java.net.http.HttpRequest.newBuilder(central).timeout(Duration.ofMinutes(5))
              .build(), java.net.http.HttpResponse.BodyHandlers.ofFile(part));
      if (got.statusCode() != 200) {
        throw new IOException("HTTP " + got.statusCode());
      }
      String digest = sha256(part);
      if (!S3PROXY_SHA256.equals(digest)) {
        throw new IOException("SHA-256 " + digest + ", not the pinned " + S3PROXY_SHA256);
      }
      Files.move(part, jar, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return jar;
    } catch (IOException e) {
      throw new IOException("S3Proxy " + S3PROXY_VERSION + " is not at " + jar + " and could not"
          + " be fetched from " + central + " (" + e.getMessage() + "); set unipart.s3proxy.jar"
          + " to its jar-with-dependencies", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching S3Proxy", e);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md.update(buffer, 0, n);
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Where S3Proxy keeps the objects: one folder per bucket, one file per key.
   *
   * @param bucket the bucket
   * @param key the object key
   * @return the object's file (it may not exist)
   */
  public Path objectFile(String bucket, String key) {
    return workDir.resolve("data").resolve(bucket).resolve(key);
  }

  /**
   * The endpoint to send requests to.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public URI endpoint() {
    return URI.create((keystore != null ? "https" : "http") + "://127.0.0.1:" + port);
  }

  /**
   * A TLS context that trusts this server's own certificate and nothing else.
   *
   * @return the context
   * @throws IllegalStateException when the server was started without TLS
   */
  public javax.net.ssl.SSLContext sslContext() {
    try {
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
      return context;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot set TLS up", e);
    }
  }

  /**
   * A trust manager that trusts this server's own certificate and nothing else (OkHttp wants it
   * beside the socket factory).
   *
   * @return the trust manager
   * @throws IllegalStateException when the server was started without TLS
   */
  public javax.net.ssl.X509TrustManager trustManager() {
    if (keystore == null) {
      throw new IllegalStateException("S3Proxy was started without TLS");
    }
    try (InputStream in = Files.newInputStream(keystore)) {
      java.security.KeyStore own = java.security.KeyStore.getInstance("PKCS12");
      own.load(in, KEYSTORE_PASSWORD.toCharArray());
      java.security.KeyStore trusted = java.security.KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("s3proxy", own.getCertificate("s3proxy"));
      javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
          javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trusted);
      return (javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0];
    } catch (IOException | java.security.GeneralSecurityException | NullPointerException e) {
      throw new IllegalStateException("cannot read S3Proxy's certificate", e);
    }
  }

  /** A PKCS12 keystore with a fresh self-signed certificate for 127.0.0.1, made by keytool. */
  private static Path selfSignedKeystore(Path work) throws IOException {
    Path keystore = work.resolve("s3proxy.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "s3proxy", "-keyalg", "RSA",
        "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext",
        "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD)
        .redirectErrorStream(true).redirectOutput(work.resolve("keytool.log").toFile()).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool failed: " + tail(work.resolve("keytool.log")));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making a certificate", e);
    }
    return keystore;
  }

  /**
   * The port.
   *
   * @return the loopback port
   */
  public int port() {
    return port;
  }

  /**
   * The access key the server accepts.
   *
   * @return the key
   */
  public String accessKey() {
    return accessKey;
  }

  /**
   * The secret of that key.
   *
   * @return the secret
   */
  public String secretKey() {
    return secretKey;
  }

  /** Stops the server and deletes its data. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    deleteTree(workDir);
  }

  @Override
  public String toString() {
    return "S3ProxyServer{" + endpoint() + "}";
  }

  private void awaitReady(Path log) throws IOException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("S3Proxy exited with " + process.exitValue() + ": " + tail(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        sleep(25);
      }
    }
    throw new IOException("S3Proxy did not listen within " + STARTUP + ": " + tail(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: it is a temporary directory
    }
  }
}
