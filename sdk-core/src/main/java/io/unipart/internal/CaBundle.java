package io.unipart.internal;

import io.unipart.InvalidRequestException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * CA certificates from a PEM file, trusted on top of the JVM's default trust: what {@code
 * ClientBuilder.trustedCertificates(Path)} gives the transport a client makes. The file is read
 * once, here; the JVM's trust store, its system properties and the default {@link SSLContext} are
 * only read, never changed. Immutable and thread-safe.
 *
 * <pre>{@code
 * CaBundle ca = CaBundle.read("trustedCertificates", Path.of("/etc/ceph/ca.pem"));
 * OkHttpClient trusting = ca.trustedBy(OkHttpTransport.create(timeouts).client());
 * }</pre>
 */
public final class CaBundle {
  /** Far more than any CA bundle (Mozilla's, ~150 CAs, is about 220 KB): a wrong file, unread. */
  private static final long MAX_BYTES = 16L << 20;

  private final X509TrustManager trustManager;
  private final SSLSocketFactory socketFactory;

  /** Over these anchors, or the JVM's own trust manager for null. */
  private CaBundle(KeyStore anchors) throws GeneralSecurityException {
    this.trustManager = trustManager(TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm()), anchors);
    this.socketFactory = socketFactory(trustManager, null);
  }

  private static SSLSocketFactory socketFactory(X509TrustManager trustManager,
      Provider provider) {
    SSLContext context;
    try {
      context = provider == null ? SSLContext.getInstance("TLS")
          : SSLContext.getInstance("TLS", provider);
    } catch (NoSuchAlgorithmException e) {
      throw new InvalidRequestException("tlsProvider", "must provide TLS (an SSLContext for"
          + " \"TLS\"); " + provider.getName() + " does not");
    }
    try {
      context.init(null, new TrustManager[] {trustManager}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set TLS up with "
          + (provider == null ? "the JVM's provider" : provider.getName()), e);
    }
    return context.getSocketFactory();
  }

  /**
   * The JVM's default trust alone (its {@code cacerts}, or the store {@code
   * javax.net.ssl.trustStore} names), for a client that only changes its TLS provider.
   *
   * @return the bundle
   */
  public static CaBundle jvmDefaults() {
    try {
      return new CaBundle(null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the JVM's trust store", e);
    }
  }

  /**
   * Reads the certificates of a PEM file: one or more {@code -----BEGIN CERTIFICATE-----} blocks,
   * text between them ignored (as {@link CertificateFactory#generateCertificates} reads them).
   *
   * @param field the setting's name, for errors
   * @param file the file
   * @return the bundle
   * @throws InvalidRequestException naming {@code field} when the file is missing, unreadable,
   *     empty or holds anything but certificates
   */
  public static CaBundle read(String field, Path file) {
    Objects.requireNonNull(file, field);
    byte[] pem;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new InvalidRequestException(field, "must be a PEM file of CA certificates (" + file
            + " is over " + (MAX_BYTES >> 20) + " MiB)");
      }
      pem = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidRequestException(field, "must be a PEM file of CA certificates (" + file
          + ": no such file)");
    } catch (AccessDeniedException e) {
      throw new InvalidRequestException(field, "must be a PEM file of CA certificates (" + file
          + ": permission denied)");
    } catch (IOException e) {
      throw new InvalidRequestException(field, "must be a PEM file of CA certificates (" + file
          + " cannot be read: " + e.getMessage() + ")");
    }
    Collection<? extends Certificate> read;
    try {
      read = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem));
    } catch (CertificateException e) {
      throw new InvalidRequestException(field, "must hold only PEM certificates (" + file
          + " does not: " + e.getMessage() + ")");
    }
    List<X509Certificate> certificates = new ArrayList<>();
    for (Certificate c : read) {
      certificates.add((X509Certificate) c);
    }
    if (certificates.isEmpty()) {
      throw new InvalidRequestException(field, "must hold at least one PEM certificate (" + file
          + " holds none)");
    }
    try {
      return new CaBundle(withJvmDefaults(certificates));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set TLS up with the JVM's trust store", e);
    }
  }

  /**
   * A client that trusts these CAs besides the JVM's, over TLS and clear text alike; its pool,
   * dispatcher, timeouts and host-name verifier are {@code client}'s.
   *
   * @param client the client to derive from
   * @return the derived client
   */
  public OkHttpClient trustedBy(OkHttpClient client) {
    return trustedBy(client, null);
  }

  /**
   * A client that trusts these CAs and makes its TLS connections with {@code provider}'s {@code
   * SSLContext} (Conscrypt, say) instead of the JVM's default. Certificates are still checked by
   * the JVM's own trust manager, with every check it makes (its algorithm constraints and CA
   * distrust policies included): only the key-type name a foreign engine reports for TLS 1.3
   * ({@code GENERIC}, from Conscrypt) is given to it as the JDK's own engine names it ({@code
   * UNKNOWN}). Host names are checked by {@code client}'s verifier, as without it.
   *
   * @param client the client to derive from
   * @param provider the JSSE provider, or null for the JVM's default
   * @return the derived client
   * @throws InvalidRequestException naming {@code tlsProvider} when the provider has no TLS
   */
  public OkHttpClient trustedBy(OkHttpClient client, Provider provider) {
    X509TrustManager checks = trustManager;
    SSLSocketFactory factory = socketFactory;
    if (provider != null && trustManager instanceof X509ExtendedTrustManager jvm) {
      checks = new Tls13KeyTypes(jvm);
      factory = socketFactory(checks, provider);
    } else if (provider != null) {
      factory = socketFactory(checks, provider);
    }
    return client.newBuilder()
        .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
        .sslSocketFactory(factory, checks)
        .build();
  }

  /**
   * One key store holding the JVM's default anchors and the bundle's (as
   * OkHttp's {@code HandshakeCertificates.addPlatformTrustedCertificates} does), so a chain is
   * checked by one PKIX validation whichever side its anchor comes from.
   */
  private static KeyStore withJvmDefaults(List<X509Certificate> extra)
      throws GeneralSecurityException, IOException {
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    anchors.load(null, null);
    int n = 0;
    X509TrustManager jvm = trustManager(TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm()), null);
    for (X509Certificate c : jvm.getAcceptedIssuers()) {
      anchors.setCertificateEntry("jvm-" + n++, c);
    }
    for (X509Certificate c : extra) {
      anchors.setCertificateEntry("bundle-" + n++, c);
    }
    return anchors;
  }

  /** The factory's trust manager over {@code anchors}, or the JVM's own for null. */
  private static X509TrustManager trustManager(TrustManagerFactory factory, KeyStore anchors)
      throws GeneralSecurityException {
    factory.init(anchors);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager) {
        return (X509TrustManager) tm;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager in " + factory.getAlgorithm());
  }

  /**
   * The JVM's trust manager under another TLS engine: Conscrypt names a TLS 1.3 handshake's key
   * type {@code GENERIC}, which the JVM's checker does not know ("Unknown authType"); its own
   * engine passes {@code UNKNOWN} for TLS 1.3, so that name is passed instead. Every other
   * argument, and every check, is the JVM's.
   */
  private static final class Tls13KeyTypes extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager jvm;

    Tls13KeyTypes(X509ExtendedTrustManager jvm) {
      this.jvm = jvm;
    }

    private static String keyType(String authType) {
      return "GENERIC".equals(authType) ? "UNKNOWN" : authType;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType,
        java.net.Socket socket) throws CertificateException {
      jvm.checkServerTrusted(chain, keyType(authType), socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType,
        javax.net.ssl.SSLEngine engine) throws CertificateException {
      jvm.checkServerTrusted(chain, keyType(authType), engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      jvm.checkServerTrusted(chain, keyType(authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType,
        java.net.Socket socket) throws CertificateException {
      jvm.checkClientTrusted(chain, keyType(authType), socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType,
        javax.net.ssl.SSLEngine engine) throws CertificateException {
      jvm.checkClientTrusted(chain, keyType(authType), engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      jvm.checkClientTrusted(chain, keyType(authType));
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return jvm.getAcceptedIssuers();
    }
  }
}
