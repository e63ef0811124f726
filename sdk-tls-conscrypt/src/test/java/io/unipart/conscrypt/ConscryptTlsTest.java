package io.unipart.conscrypt;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.unipart.ClientBuilder;
import io.unipart.InvalidRequestException;
import io.unipart.MultipartUploader;
import io.unipart.TransportException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.http.OkHttpTransport;
import io.unipart.internal.ClientRuntime;
import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ServiceError;
import io.unipart.spi.Signer;
import io.unipart.testing.PrivateCa;
import io.unipart.testkit.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conscrypt as one client's TLS engine, over real TLS: a whole upload lands on a real S3 server
 * (S3Proxy over https), and through BoringSSL certificates and host names are still checked as
 * without it: a certificate from an untrusted CA, or for another name, ends the call before a
 * byte of the request is sent.
 */
class ConscryptTlsTest {
  static final String AK = "unipart-access";
  static final String SK = "unipart-secret";
  static final String BUCKET = "conscrypt-bucket";

  @TempDir static Path dir;
  static PrivateCa ca;
  /** A certificate for 127.0.0.1 and localhost, signed by {@link #ca}. */
  static WireMockServer store;
  /** A certificate signed by {@link #ca}, for other.example only. */
  static WireMockServer otherName;
  static S3ProxyServer s3proxy;
  static Path s3proxyPem;

  @BeforeAll
  static void start() throws Exception {
    ca = PrivateCa.create(Files.createDirectories(dir.resolve("ca")));
    store = https(ca.serverKeyStore("store", "ip:127.0.0.1", "dns:localhost"));
    otherName = https(ca.serverKeyStore("other", "dns:other.example"));
    s3proxy = S3ProxyServer.startTls(S3ProxyServer.locateJar(), AK, SK, BUCKET);
    X509Certificate own = s3proxy.trustManager().getAcceptedIssuers()[0];
    s3proxyPem = Files.writeString(dir.resolve("s3proxy.pem"), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(own.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
  }

  static WireMockServer https(Path keyStore) {
    WireMockServer server = new WireMockServer(wireMockConfig().httpDisabled(true)
        .dynamicHttpsPort().keystorePath(keyStore.toString()).keystoreType("PKCS12")
        .keystorePassword(PrivateCa.PASSWORD).keyManagerPassword(PrivateCa.PASSWORD));
    server.start();
    return server;
  }

  @AfterAll
  static void stop() {
    store.stop();
    otherName.stop();
    if (s3proxy != null) {
      s3proxy.close();
    }
  }

  @BeforeEach
  void answerEverything() {
    for (WireMockServer s : List.of(store, otherName)) {
      s.resetAll();
      s.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("up-1")));
    }
  }

  /** The smallest client: one POST, no signature; its transport is the one the builder made. */
  static final class Probe extends ClientBuilder<Probe> {
    @Override
    protected Probe self() {
      return this;
    }

    ClientRuntime build() {
      return buildRuntime("probe", Signer.NONE,
          r -> r.isSuccessful() ? null : ServiceError.builder(r.status()).build());
    }
  }

  static String call(ClientRuntime runtime, WireMockServer server, String host) {
    URI uri = URI.create("https://" + host + ":" + server.httpsPort() + "/k?uploads");
    return runtime.executor().execute(HttpRequest.builder("POST", uri).build(),
        HttpResponse::bodyText, null);
  }

  /** Conscrypt's provider, counting the services asked of it. */
  static final class Counting extends Provider {
    final List<String> asked = new CopyOnWriteArrayList<>();

    Counting() {
      super("CountingConscrypt", "1", "Conscrypt, counting what is asked of it");
    }

    @Override
    public synchronized Service getService(String type, String algorithm) {
      asked.add(type + "." + algorithm);
      return ConscryptTls.provider().getService(type, algorithm);
    }
  }

  @Test
  void conscryptLoadsOnThisMachine() {
    assertThat(ConscryptTls.isAvailable()).isTrue();
    assertThat(Conscrypt.isConscrypt(ConscryptTls.provider())).isTrue();
    assertThat(ConscryptTls.provider()).isSameAs(ConscryptTls.provider());
  }

  @Test
  void theClientsTlsIsConscryptsAndTheStoreIsReached() {
    Counting counting = new Counting();
    try (ClientRuntime runtime = new Probe().tlsProvider(counting)
        .trustedCertificates(ca.certificatePem()).build()) {
      assertThat(call(runtime, store, "127.0.0.1")).isEqualTo("up-1");
      assertThat(call(runtime, store, "localhost")).isEqualTo("up-1");
      OkHttpTransport made = (OkHttpTransport) runtime.executor().transport();
      assertThat(Conscrypt.isConscrypt(made.client().sslSocketFactory())).isTrue();
      assertThat(made.client().x509TrustManager().getClass().getName())
          .doesNotStartWith("org.conscrypt");
    }
    // Its TLS engine only: certificates are checked by the JVM's trust manager, handed
    // Conscrypt's TLS 1.3 key type ("GENERIC") under the JDK's own name for it.
    assertThat(counting.asked).containsExactly("SSLContext.TLS");
    assertThat(store.findAll(anyRequestedFor(anyUrl()))).hasSize(2);
  }

  @Test
  void onlyThatClientChangesNotTheJvm() {
    try (ClientRuntime conscrypt = new Probe().tlsProvider(ConscryptTls.provider())
        .trustedCertificates(ca.certificatePem()).build();
        ClientRuntime plain = new Probe().trustedCertificates(ca.certificatePem()).build()) {
      assertThat(call(conscrypt, store, "127.0.0.1")).isEqualTo("up-1");
      assertThat(Conscrypt.isConscrypt(((OkHttpTransport) plain.executor().transport()).client()
          .sslSocketFactory())).isFalse();
    }
    assertThat(java.security.Security.getProvider(ConscryptTls.provider().getName())).isNull();
  }

  @Test
  void aCertificateFromAnUntrustedCaIsRefusedInTheHandshake() {
    try (ClientRuntime runtime = new Probe().tlsProvider(ConscryptTls.provider()).build()) {
      TransportException e = catchThrowableOfType(TransportException.class,
          () -> call(runtime, store, "127.0.0.1"));
      assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class);
      assertThat(e.attempts()).isEqualTo(1);
    }
    assertThat(store.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aCertificateForAnotherNameIsRefused() {
    try (ClientRuntime runtime = new Probe().tlsProvider(ConscryptTls.provider())
        .trustedCertificates(ca.certificatePem()).build()) {
      TransportException e = catchThrowableOfType(TransportException.class,
          () -> call(runtime, otherName, "127.0.0.1"));
      assertThat(e.getCause()).isInstanceOf(SSLPeerUnverifiedException.class)
          .hasMessageContaining("127.0.0.1");
    }
    assertThat(otherName.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aProviderWithoutTlsIsRefusedByBuildNamingTheSetting() {
    Provider none = new Provider("NoTls", "1", "no TLS here") { };
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> new Probe().tlsProvider(none).build());
    assertThat(e.field()).isEqualTo("tlsProvider");
    assertThat(e.getMessage()).contains("NoTls");
  }

  @Test
  void aCallersTransportIsRefusedBesideIt() {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> new Probe().transport(OkHttpTransport.create())
            .tlsProvider(ConscryptTls.provider()).build());
    assertThat(e.field()).isEqualTo("tlsProvider");
  }

  @Test
  void aWholeUploadLandsOnARealStoreOverConscrypt() throws Exception {
    byte[] bytes = new byte[11 << 20];
    new Random(33).nextBytes(bytes);
    Path file = Files.write(dir.resolve("over-conscrypt.bin"), bytes);
    try (S3MultipartClient s3 = S3MultipartClient.builder()
        .endpoint(s3proxy.endpoint().toString()).region("us-east-1").bucket(BUCKET)
        .credentials(AwsCredentials.of(AK, SK)).trustedCertificates(s3proxyPem)
        .tlsProvider(ConscryptTls.provider()).build()) {
      UploadResult result = MultipartUploader.builder(s3).build().upload(file,
          UploadRequest.builder().key("over-conscrypt.bin").partSize(5L << 20).build());
      assertThat(result.parts()).hasSize(3);
    }
    assertThat(Files.readAllBytes(s3proxy.objectFile(BUCKET, "over-conscrypt.bin")))
        .isEqualTo(bytes);
  }
}
