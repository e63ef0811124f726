package io.unipart.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.unipart.MultipartUploader;
import io.unipart.TransportException;
import io.unipart.UploadRequest;
import io.unipart.UploadResult;
import io.unipart.testkit.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Random;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real S3 server over https with a certificate no JVM trusts (S3Proxy's own, self-signed for
 * 127.0.0.1 for this run, as a test Ceph often has), reached with {@code
 * trustedCertificates(pem)}: without it the handshake refuses the server; with it a whole upload
 * lands byte for byte.
 */
class S3ProxyTrustedCertificatesTest {
  static final String AK = "unipart-access";
  static final String SK = "unipart-secret";
  static final String BUCKET = "tls-bucket";

  @TempDir static Path dir;
  static S3ProxyServer tls;
  static Path pem;

  @BeforeAll
  static void start() throws Exception {
    tls = S3ProxyServer.startTls(Path.of(System.getProperty("s3proxy.jar")), AK, SK, BUCKET);
    X509Certificate own = tls.trustManager().getAcceptedIssuers()[0];
    pem = Files.writeString(dir.resolve("s3proxy.pem"), "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(own.getEncoded())
        + "\n-----END CERTIFICATE-----\n");
  }

  @AfterAll
  static void stop() {
    if (tls != null) {
      tls.close();
    }
  }

  static S3MultipartClient.Builder builder() {
    return S3MultipartClient.builder().endpoint(tls.endpoint().toString()).region("us-east-1")
        .bucket(BUCKET).credentials(AwsCredentials.of(AK, SK));
  }

  @Test
  void withoutTheCertificateTheServerIsRefusedInTheHandshake() {
    try (S3MultipartClient s3 = builder().build()) {
      TransportException e = catchThrowableOfType(TransportException.class,
          () -> s3.initiate(UploadRequest.builder().key("refused.bin").build()));
      assertThat(e.getCause()).isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void withItAWholeUploadLandsOverHttps() throws Exception {
    byte[] bytes = new byte[11 << 20];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(dir.resolve("over-tls.bin"), bytes);
    try (S3MultipartClient s3 = builder().trustedCertificates(pem).build()) {
      UploadResult result = MultipartUploader.builder(s3).build().upload(file,
          UploadRequest.builder().key("over-tls.bin").partSize(5L << 20).build());
      assertThat(result.parts()).hasSize(3);
    }
    assertThat(Files.readAllBytes(tls.objectFile(BUCKET, "over-tls.bin"))).isEqualTo(bytes);
  }
}
