package io.unipart;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.unipart.http.JdkHttpTransport;
import io.unipart.http.OkHttpTransport;
import io.unipart.internal.ClientRuntime;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.HttpResponse;
import io.unipart.spi.ServiceError;
import io.unipart.spi.Signer;
import io.unipart.testing.PrivateCa;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code trustedCertificates(pemFile)}: a store whose https certificate comes from its own CA,
 * made for the run, is reached over real TLS once the CA's PEM file is given, and not without it;
 * host names are still checked; a bad file or a caller's transport is refused before any call.
 */
class TrustedCertificatesTest {
  @TempDir static Path dir;

  static PrivateCa ca;
  /** Serves a certificate for 127.0.0.1 and localhost, signed by {@link #ca}. */
  static WireMockServer store;
  /** Serves a certificate signed by {@link #ca}, for other.example only. */
  static WireMockServer otherName;

  @BeforeAll
  static void startStores() throws IOException {
    ca = PrivateCa.create(Files.createDirectories(dir.resolve("ca")));
    store = https(ca.serverKeyStore("store", "ip:127.0.0.1", "dns:localhost"));
    otherName = https(ca.serverKeyStore("other", "dns:other.example"));
  }

  static WireMockServer https(Path keyStore) {
    WireMockServer server = new WireMockServer(wireMockConfig().httpDisabled(true)
        .dynamicHttpsPort().keystorePath(keyStore.toString()).keystoreType("PKCS12")
        .keystorePassword(PrivateCa.PASSWORD).keyManagerPassword(PrivateCa.PASSWORD));
    server.start();
    return server;
  }

  @AfterAll
  static void stopStores() {
    store.stop();
    otherName.stop();
  }

  @BeforeEach
  void answerEverything() {
    for (WireMockServer s : List.of(store, otherName)) {
      s.resetAll();
      s.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withBody("up-1")));
    }
  }

  /** The smallest dialect: one POST to a URL, no signature. */
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

  static String initiate(ClientRuntime runtime, String url) {
    return runtime.executor().execute(HttpRequest.builder("POST", URI.create(url + "/k?uploads"))
        .build(), HttpResponse::bodyText, null);
  }

  static String url(WireMockServer server, String host) {
    return "https://" + host + ":" + server.httpsPort();
  }

  @Test
  void withoutTheBundleTheStoresCertificateIsRefusedInTheHandshake() {
    try (ClientRuntime runtime = new Probe().build()) {
      TransportException e = catchThrowableOfType(TransportException.class,
          () -> initiate(runtime, url(store, "127.0.0.1")));
      assertThat(e).hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
      assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class);
      assertThat(e.attempts()).isEqualTo(1);
    }
    assertThat(store.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void withTheBundleTheStoreIsReachedOverTls() {
    try (ClientRuntime runtime =
        new Probe().trustedCertificates(ca.certificatePem()).build()) {
      assertThat(initiate(runtime, url(store, "127.0.0.1"))).isEqualTo("up-1");
      assertThat(initiate(runtime, url(store, "localhost"))).isEqualTo("up-1");
    }
    assertThat(store.findAll(anyRequestedFor(anyUrl()))).hasSize(2)
        .allSatisfy(r -> assertThat(r.getAbsoluteUrl()).startsWith("https://"));
  }

  /**
   * Added to the JVM's trust, not put in its place: a store behind a public CA (or a presigned
   * part URL on one) stays reachable from the same client.
   */
  @Test
  void theBundleIsAddedToTheJvmsDefaultTrustNotPutInItsPlace() throws Exception {
    javax.net.ssl.TrustManagerFactory jvm = javax.net.ssl.TrustManagerFactory.getInstance(
        javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    jvm.init((java.security.KeyStore) null);
    java.security.cert.X509Certificate[] defaults =
        ((javax.net.ssl.X509TrustManager) jvm.getTrustManagers()[0]).getAcceptedIssuers();
    java.security.cert.Certificate own;
    try (var in = Files.newInputStream(ca.certificatePem())) {
      own = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    try (ClientRuntime runtime =
        new Probe().trustedCertificates(ca.certificatePem()).build()) {
      OkHttpTransport made = (OkHttpTransport) runtime.executor().transport();
      List<java.security.cert.X509Certificate> trusted =
          List.of(made.client().x509TrustManager().getAcceptedIssuers());
      assertThat(defaults).isNotEmpty();
      assertThat(trusted).contains(defaults).contains((java.security.cert.X509Certificate) own)
          .hasSize(defaults.length + 1);
    }
  }

  @Test
  void aBundleOfSeveralCertificatesWithTextBetweenThemIsRead() throws IOException {
    PrivateCa another = PrivateCa.create(Files.createDirectories(dir.resolve("another")));
    Path bundle = Files.writeString(dir.resolve("bundle.pem"), "# another CA\n"
        + Files.readString(another.certificatePem()) + "\n# the store's CA\nsubject=CN=x\n"
        + Files.readString(ca.certificatePem()));
    try (ClientRuntime runtime = new Probe().trustedCertificates(bundle).build()) {
      assertThat(initiate(runtime, url(store, "127.0.0.1"))).isEqualTo("up-1");
    }
  }

  @Test
  void hostNamesAreStillChecked() {
    try (ClientRuntime runtime =
        new Probe().trustedCertificates(ca.certificatePem()).build()) {
      TransportException e = catchThrowableOfType(TransportException.class,
          () -> initiate(runtime, url(otherName, "127.0.0.1")));
      assertThat(e.getCause()).isInstanceOf(SSLPeerUnverifiedException.class)
          .hasMessageContaining("127.0.0.1");
      assertThat(e.attempts()).isEqualTo(1);
    }
    assertThat(otherName.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"missing", "directory", "empty", "text", "private key", "broken"})
  void aBadFileIsRefusedByBuildNamingTheSetting(String kind) throws IOException {
    Path file = dir.resolve("bad-" + kind.replace(' ', '-') + ".pem");
    switch (kind) {
      case "directory" -> Files.createDirectories(file);
      case "empty" -> Files.write(file, new byte[0]);
      case "text" -> Files.writeString(file, "this is not a certificate\n");
      case "private key" -> Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
          + "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n");
      case "broken" -> Files.writeString(file, Files.readString(ca.certificatePem())
          .replaceFirst("\n[A-Za-z0-9+/]{20}", "\n!!!!"));
      default -> { }
    }
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> new Probe().trustedCertificates(file).build());
    assertThat(e.field()).isEqualTo("trustedCertificates");
    assertThat(e.getMessage()).startsWith("trustedCertificates: must ").contains(file.toString());
    assertThat(store.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aCallersTransportIsRefusedBesideTheBundleNotSilentlyLeftUntrusting() {
    for (var transport : List.of(OkHttpTransport.create(), JdkHttpTransport.create())) {
      InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
          () -> new Probe().transport(transport).trustedCertificates(ca.certificatePem())
              .build());
      assertThat(e.field()).isEqualTo("trustedCertificates");
      assertThat(e.rule()).contains("transport(..)");
      transport.close();
    }
  }

  @Test
  void closingTheClientReleasesTheTransportItMadeForTheBundle() {
    ClientRuntime runtime = new Probe().trustedCertificates(ca.certificatePem()).build();
    assertThat(initiate(runtime, url(store, "127.0.0.1"))).isEqualTo("up-1");
    OkHttpTransport made = (OkHttpTransport) runtime.executor().transport();
    runtime.close();
    assertThat(made.client().dispatcher().executorService().isShutdown()).isTrue();
    assertThat(made.client().connectionPool().connectionCount()).isZero();
  }
}
