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

  private CaBundle(List<X509Certificate> certificates) {
    try {
      this.trustManager = withJvmDefaults(certificates);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      this.socketFactory = context.getSocketFactory();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set TLS up with the JVM's trust store", e);
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
    return new CaBundle(certificates);
  }

  /**
   * A client that trusts these CAs besides the JVM's, over TLS and clear text alike; its pool,
   * dispatcher, timeouts and host-name verifier are {@code client}'s.
   *
   * @param client the client to derive from
   * @return the derived client
   */
  public OkHttpClient trustedBy(OkHttpClient client) {
    return client.newBuilder()
        .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
        .sslSocketFactory(socketFactory, trustManager)
        .build();
  }

  /**
   * One trust manager over a key store holding the JVM's default anchors and the bundle's (as
   * OkHttp's {@code HandshakeCertificates.addPlatformTrustedCertificates} does), so a chain is
   * checked by one PKIX validation whichever side its anchor comes from.
   */
  private static X509TrustManager withJvmDefaults(List<X509Certificate> extra)
      throws GeneralSecurityException, IOException {
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    anchors.load(null, null);
    int n = 0;
    for (X509Certificate c : trustManager(null).getAcceptedIssuers()) {
      anchors.setCertificateEntry("jvm-" + n++, c);
    }
    for (X509Certificate c : extra) {
      anchors.setCertificateEntry("bundle-" + n++, c);
    }
    return trustManager(anchors);
  }

  /** The default algorithm's trust manager over {@code anchors}, or the JVM's own for null. */
  private static X509TrustManager trustManager(KeyStore anchors) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(anchors);
    for (TrustManager tm : factory.getTrustManagers()) {
      if (tm instanceof X509TrustManager) {
        return (X509TrustManager) tm;
      }
    }
    throw new GeneralSecurityException("no X509TrustManager in " + factory.getAlgorithm());
  }
}
