package io.unipart.conformance;

import io.unipart.s3.AwsCredentials;
import io.unipart.s3.S3MultipartClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One running S3 store, as its script in {@code stores/} described it in {@code
 * store.properties}: where it serves plain http and (where it can) https, the CA its https
 * certificate chains to, and the credentials it takes.
 *
 * @param name the store, e.g. {@code ceph}
 * @param version the version that runs
 * @param endpoint its plain-http endpoint
 * @param httpsEndpoint its https endpoint, where it serves one
 * @param caBundle the PEM file of the CA behind its https certificate, where it has its own
 * @param region the SigV4 region it checks
 * @param accessKey the access key id
 * @param secretKey the secret
 */
record RealStore(String name, String version, URI endpoint, Optional<URI> httpsEndpoint,
    Optional<Path> caBundle, String region, String accessKey, String secretKey) {

  /** Reads what a store script wrote. */
  static RealStore read(Path properties) throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(properties)) {
      p.load(in);
    }
    return new RealStore(required(p, "name", properties), required(p, "version", properties),
        URI.create(required(p, "endpoint", properties)),
        Optional.ofNullable(p.getProperty("httpsEndpoint")).map(URI::create),
        Optional.ofNullable(p.getProperty("caBundle")).map(Path::of),
        required(p, "region", properties), required(p, "accessKey", properties),
        required(p, "secretKey", properties));
  }

  private static String required(Properties p, String key, Path from) throws IOException {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IOException(from + " has no " + key);
    }
    return v.trim();
  }

  /** The endpoint for a scheme. */
  URI endpoint(String scheme) {
    return scheme.equals("https") ? httpsEndpoint.orElseThrow() : endpoint;
  }

  /** Our client, with the store's default options, on one bucket. */
  S3MultipartClient.Builder client(String scheme, String bucket) {
    S3MultipartClient.Builder b = S3MultipartClient.builder()
        .endpoint(endpoint(scheme).toString())
        .region(region)
        .bucket(bucket)
        .pathStyle(true)
        .credentials(AwsCredentials.of(accessKey, secretKey));
    if (scheme.equals("https")) {
      caBundle.ifPresent(b::trustedCertificates);
    }
    return b;
  }

  /**
   * Our client on a transport the test gives (which must trust the store's CA for https itself:
   * a transport and {@code trustedCertificates} do not go together).
   */
  S3MultipartClient.Builder clientThrough(String scheme, String bucket,
      io.unipart.http.HttpTransport transport) {
    return S3MultipartClient.builder()
        .endpoint(endpoint(scheme).toString())
        .region(region)
        .bucket(bucket)
        .pathStyle(true)
        .credentials(AwsCredentials.of(accessKey, secretKey))
        .transport(transport);
  }

  /** Whether unipart has a preset for this store ({@code .ceph(..)}, {@code .swift(..)}). */
  boolean hasPreset() {
    return name.equals("ceph") || name.equals("swift");
  }

  /** Our client with the store's preset, where there is one. */
  S3MultipartClient.Builder preset(String scheme, String bucket) {
    S3MultipartClient.Builder b = client(scheme, bucket);
    String url = endpoint(scheme).toString();
    return name.equals("ceph") ? b.ceph(url) : name.equals("swift") ? b.swift(url) : b;
  }

  /** AWS's own client, to read back what landed and to list what is open. */
  S3Client aws(String scheme) {
    UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
    if (scheme.equals("https") && caBundle.isPresent()) {
      TrustManager[] trust = trustManagers(caBundle.get());
      http.tlsTrustManagersProvider(() -> trust);
    }
    return S3Client.builder().endpointOverride(endpoint(scheme)).region(Region.of(region))
        .forcePathStyle(true).httpClient(http.build())
        // Plain http would be sent aws-chunked, which Swift's s3api refuses.
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
            .chunkedEncodingEnabled(false).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
  }

  /** TLS that trusts exactly the CAs of a PEM file (for the JDK's own HTTP client). */
  static javax.net.ssl.SSLContext sslContext(Path pem) {
    try {
      javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
      ctx.init(null, trustManagers(pem), null);
      return ctx;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static TrustManager[] trustManagers(Path pem) {
    try (InputStream in = Files.newInputStream(pem)) {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        ks.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf.getTrustManagers();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read " + pem, e);
    }
  }

  @Override
  public String toString() {
    return name + " " + version;
  }
}
