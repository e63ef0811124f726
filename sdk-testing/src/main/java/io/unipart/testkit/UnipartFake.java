package io.unipart.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fake of one provider's whole multipart lifecycle on this machine, for testing upload code
 * with no cloud account: S3 on S3Proxy (a real S3 server that checks every SigV4 signature),
 * Tencent COS, Cognite Data Fusion Files, Guance RUM sourcemaps and the project presigned-upload
 * API in process, each answering as its provider documents, errors included.
 *
 * <p>As a JUnit 5 extension it starts before the tests and stops after them: in a static field
 * once for the class, in an instance field once per test. Fault switches and the request log are
 * cleared before each test; what landed stays until the fake stops.
 *
 * <pre>{@code
 * @RegisterExtension static UnipartFake cos = UnipartFake.cos();
 *
 * @Test void uploadsTheReport() {
 *   CosMultipartClient client = CosMultipartClient.builder()
 *       .endpoint(cos.baseUrl()).region(cos.region()).bucket(cos.destination())
 *       .credentials(CosCredentials.of(cos.credentialId(), cos.secret())).build();
 *   cos.faults().failPart(2, 1);                       // the first try of part 2 gets a 500
 *   myService.publish(client, report);                 // the code under test
 *   cos.assertLanded("reports/q4.pdf", reportBytes);   // exact bytes, or a clear failure
 *   cos.assertNothingOpen();
 * }
 * }</pre>
 *
 * <p>Outside JUnit: {@code try (UnipartFake s3 = UnipartFake.s3().start()) { ... }}.
 * Credentials are made up per fake; {@link #environment()} gives them as the variables
 * unipart's CLI and {@code fromEnvironment()} providers read.
 */
public final class UnipartFake implements BeforeAllCallback, AfterAllCallback,
    BeforeEachCallback, AfterEachCallback, AutoCloseable {
  private final String dialect;
  private final PartStore partStore;
  private final String credentialId;
  private final String secret;
  private final String destination;
  private LocalHttpStub server;
  private S3ProxyServer s3proxy;
  private Fake fake;
  private boolean perTest;

  private final java.nio.file.Path s3proxyJar;
  private int port;

  private UnipartFake(String dialect, PartStore partStore) {
    this(dialect, partStore, null);
  }

  private UnipartFake(String dialect, PartStore partStore, java.nio.file.Path s3proxyJar) {
    this.dialect = dialect;
    this.partStore = partStore;
    this.s3proxyJar = s3proxyJar;
    String id = UUID.randomUUID().toString().replace("-", "");
    switch (dialect) {
      case "s3" -> {
        credentialId = "FAKEACCESS" + id.substring(0, 10).toUpperCase(java.util.Locale.ROOT);
        destination = "fake-bucket";
      }
      case "cos" -> {
        credentialId = "AKIDfake" + id.substring(0, 24);
        destination = "fake-1250000000";
      }
      case "cognite" -> {
        credentialId = null;
        destination = "fake-project";
      }
      case "presigned" -> {
        credentialId = null;
        destination = "fakeproject";
      }
      default -> {
        credentialId = null;
        destination = "fake_app";
      }
    }
    this.secret = "fake-secret-" + UUID.randomUUID();
  }

  /**
   * S3 on S3Proxy (its jar from {@link S3ProxyServer#locateJar()}), bucket {@code fake-bucket},
   * region {@code us-east-1}.
   *
   * @return the fake, not started
   */
  public static UnipartFake s3() {
    return new UnipartFake("s3", null);
  }

  /**
   * S3 on the S3Proxy in this jar-with-dependencies, bucket {@code fake-bucket}, region {@code
   * us-east-1}.
   *
   * @param s3proxyJar S3Proxy's {@code jar-with-dependencies}
   * @return the fake, not started
   */
  public static UnipartFake s3(java.nio.file.Path s3proxyJar) {
    return new UnipartFake("s3", null, java.util.Objects.requireNonNull(s3proxyJar, "s3proxyJar"));
  }

  /**
   * Tencent COS, bucket {@code fake-1250000000}, region {@code ap-beijing}.
   *
   * @return the fake, not started
   */
  public static UnipartFake cos() {
    return new UnipartFake("cos", null);
  }

  /**
   * Cognite Data Fusion Files, project {@code fake-project}, bearer token {@link #secret()}.
   *
   * @return the fake, not started
   */
  public static UnipartFake cognite() {
    return new UnipartFake("cognite", null);
  }

  /**
   * Guance RUM sourcemaps, app {@code fake_app}, API key {@link #secret()}.
   *
   * @return the fake, not started
   */
  public static UnipartFake rum() {
    return new UnipartFake("rum", null);
  }

  /**
   * The project presigned-upload API, project {@code fakeproject}, bearer token {@link #secret()}.
   *
   * @return the fake, not started
   */
  public static UnipartFake presigned() {
    return new UnipartFake("presigned", null);
  }

  /**
   * The same fake with its part URLs from another store (Cognite and presigned only), e.g.
   * presigned URLs of a real S3 server.
   *
   * @param store the store
   * @return a new fake, not started
   */
  public UnipartFake withPartStore(PartStore store) {
    if (!dialect.equals("cognite") && !dialect.equals("presigned")) {
      throw new IllegalArgumentException("only the cognite and presigned fakes hand out part"
          + " URLs; " + dialect + " has none");
    }
    return new UnipartFake(dialect, java.util.Objects.requireNonNull(store, "store"));
  }

  /**
   * Serves the fake on this loopback port instead of a free one (e.g. for {@code unipart serve
   * --port}); call before it starts.
   *
   * @param port 1 to 65535, or 0 for a free one
   * @return this fake
   * @throws IllegalStateException when it has started
   */
  public synchronized UnipartFake onPort(int port) {
    if (server != null) {
      throw new IllegalStateException("the " + dialect + " fake has started already");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535 (was " + port + ")");
    }
    this.port = port;
    return this;
  }

  /**
   * Starts the fake (JUnit does this for a registered extension).
   *
   * @return this fake
   * @throws UncheckedIOException when a server cannot start
   */
  public synchronized UnipartFake start() {
    if (server != null) {
      return this;
    }
    try {
      Fake made;
      switch (dialect) {
        case "s3" -> {
          s3proxy = S3ProxyServer.start(s3proxyJar != null ? s3proxyJar
              : S3ProxyServer.locateJar(), credentialId, secret, destination);
          made = new S3Front(s3proxy, destination);
        }
        case "cos" -> made = new CosFake(destination, credentialId);
        case "rum" -> made = new RumFake(secret);
        case "cognite" -> made = new CogniteFake(destination, secret, partStore, this::baseUrl);
        default -> made = new PresignedFake(destination, secret, partStore, this::baseUrl);
      }
      server = LocalHttpStub.start(made, port);
      fake = made;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("the " + dialect + " fake could not start", e);
    }
    return this;
  }

  /** Stops the fake and its servers. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.close();
      server = null;
    }
    if (fake instanceof S3Front front) {
      front.close();
    }
    if (s3proxy != null) {
      s3proxy.close();
      s3proxy = null;
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (server == null) {
      perTest = true;
      start();
    }
    reset();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      close();
    }
  }

  private Fake fake() {
    if (fake == null || server == null) {
      throw new IllegalStateException("the " + dialect + " fake is not started: register it"
          + " with @RegisterExtension, or call start()");
    }
    return fake;
  }

  /**
   * The dialect, as unipart's clients name it.
   *
   * @return {@code s3}, {@code cos}, {@code cognite}, {@code rum} or {@code presigned}
   */
  public String dialect() {
    return dialect;
  }

  /**
   * Where to send requests: the S3 or COS endpoint, or the API's base URL.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public String baseUrl() {
    fake();
    return server.baseUrl();
  }

  /**
   * The bucket (S3, COS), project (Cognite), project id (presigned) or app id (RUM).
   *
   * @return the destination, as {@code UploadSession.destination()} names it
   */
  public String destination() {
    return destination;
  }

  /**
   * The signing region: {@code us-east-1} (S3), {@code ap-beijing} (COS), null otherwise.
   *
   * @return the region
   */
  public String region() {
    return switch (dialect) {
      case "s3" -> "us-east-1";
      case "cos" -> "ap-beijing";
      default -> null;
    };
  }

  /**
   * The access key id (S3) or SecretId (COS) the fake accepts; null for the token dialects.
   *
   * @return the id
   */
  public String credentialId() {
    return credentialId;
  }

  /**
   * The secret the fake accepts: the secret key (S3, COS), bearer token (Cognite, presigned) or
   * API key (RUM). Made up for this fake.
   *
   * @return the secret
   */
  public String secret() {
    return secret;
  }

  /**
   * The fake's credentials and region as the environment variables unipart's CLI reads, e.g.
   * {@code AWS_ACCESS_KEY_ID}, {@code TENCENTCLOUD_SECRET_KEY}, {@code COGNITE_TOKEN}, {@code
   * DF_API_KEY}, {@code PRESIGNED_API_TOKEN}.
   *
   * @return the variables
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    switch (dialect) {
      case "s3" -> {
        env.put("AWS_ACCESS_KEY_ID", credentialId);
        env.put("AWS_SECRET_ACCESS_KEY", secret);
        env.put("AWS_REGION", region());
      }
      case "cos" -> {
        env.put("TENCENTCLOUD_SECRET_ID", credentialId);
        env.put("TENCENTCLOUD_SECRET_KEY", secret);
      }
      case "cognite" -> env.put("COGNITE_TOKEN", secret);
      case "rum" -> env.put("DF_API_KEY", secret);
      default -> env.put("PRESIGNED_API_TOKEN", secret);
    }
    return env;
  }

  /**
   * The fault switches.
   *
   * @return this fake's faults
   */
  public Faults faults() {
    return fake().faults;
  }

  /**
   * What a completed upload left: bytes and part count. For RUM the key is {@code
   * appId|version|env}. An S3 object is read from S3Proxy's own store.
   *
   * @param key the object key or file name
   * @return the object, or empty when none was completed under that key
   */
  public Optional<Landed> landed(String key) {
    return Optional.ofNullable(fake().landed.get(key));
  }

  /**
   * Every request since the fake started or the last {@link #reset()}, as received.
   *
   * @return a copy, in arrival order
   */
  public List<SeenRequest> requests() {
    synchronized (fake().seen) {
      return List.copyOf(new ArrayList<>(fake.seen));
    }
  }

  /**
   * Uploads started and neither completed nor aborted: what a provider would keep billing.
   *
   * @return the count
   */
  public int openUploads() {
    return fake().openKeys().size();
  }

  /**
   * The key of each upload started and neither completed nor aborted (RUM: {@code
   * appId|version|env}), one entry per upload.
   *
   * @return the keys
   */
  public List<String> openUploadKeys() {
    return List.copyOf(fake().openKeys());
  }

  /**
   * The parts the open uploads hold: what a provider keeps billing until they are aborted.
   * Counts parts sent to the fake's own part URLs, not to another {@link PartStore}.
   *
   * @return the count
   */
  public int heldParts() {
    return fake().heldParts();
  }

  /** Clears the fault switches and the request log (JUnit does this before each test). */
  public void reset() {
    fake().faults.clear();
    fake.seen.clear();
  }

  /**
   * Fails unless exactly these bytes landed under {@code key}.
   *
   * @param key the object key or file name
   * @param expected the bytes
   */
  public void assertLanded(String key, byte[] expected) {
    Landed got = landed(key).orElse(null);
    if (got == null) {
      throw new AssertionError("fake " + dialect + ": nothing landed under \"" + key + "\"; "
          + fake.landed.size() + " object(s) did: " + fake.landed.keySet());
    }
    byte[] bytes = got.bytes();
    if (!Arrays.equals(bytes, expected)) {
      int at = Arrays.mismatch(bytes, expected);
      throw new AssertionError("fake " + dialect + ": \"" + key + "\" landed " + bytes.length
          + " bytes, expected " + expected.length + "; they differ from byte " + at);
    }
  }

  /**
   * Fails unless exactly the bytes of this file landed under {@code key}.
   *
   * @param key the object key or file name
   * @param expected the file that was uploaded
   * @throws java.io.UncheckedIOException when the file cannot be read
   */
  public void assertLanded(String key, java.nio.file.Path expected) {
    try {
      assertLanded(key, java.nio.file.Files.readAllBytes(expected));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + expected, e);
    }
  }

  /** Fails when an upload is still open (started, neither completed nor aborted). */
  public void assertNothingOpen() {
    int open = openUploads();
    if (open != 0) {
      throw new AssertionError("fake " + dialect + ": " + open + " upload(s) still open");
    }
  }

  @Override
  public String toString() {
    return "UnipartFake{" + dialect + (server == null ? ", stopped" : ", " + server.baseUrl())
        + "}";
  }
}
