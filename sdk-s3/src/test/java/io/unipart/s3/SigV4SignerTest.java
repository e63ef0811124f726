package io.unipart.s3;

import io.unipart.spi.HttpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** What the vectors do not reach: the key cache, query order, default ports. */
class SigV4SignerTest {
  static final Instant DAY1 = Instant.parse("2026-11-21T23:59:59Z");
  static final Instant DAY2 = Instant.parse("2026-11-22T00:00:01Z");

  static String sign(SigV4Signer signer, String url, Instant when) {
    return signer.sign(HttpRequest.builder("PUT", URI.create(url)).build(), when)
        .header("Authorization");
  }

  static String fresh(String secret, String url, Instant when) {
    return sign(SigV4Signer.forS3("us-east-1",
        AwsCredentialsProvider.of(AwsCredentials.of("AKID", secret))), url, when);
  }

  @Test
  void theCachedSigningKeyFollowsTheSecretAndTheDate() {
    AtomicReference<String> secret = new AtomicReference<>("first-secret");
    SigV4Signer signer = SigV4Signer.forS3("us-east-1",
        () -> AwsCredentials.of("AKID", secret.get()));
    String url = "https://b.s3.amazonaws.com/k";
    assertThat(sign(signer, url, DAY1)).isEqualTo(fresh("first-secret", url, DAY1));
    secret.set("rotated-secret");
    assertThat(sign(signer, url, DAY1)).isEqualTo(fresh("rotated-secret", url, DAY1));
    assertThat(sign(signer, url, DAY2)).isEqualTo(fresh("rotated-secret", url, DAY2));
    assertThat(sign(signer, url, DAY1)).isEqualTo(fresh("rotated-secret", url, DAY1));
    assertThat(fresh("first-secret", url, DAY1)).isNotEqualTo(fresh("rotated-secret", url, DAY1));
  }

  @Test
  void queryParametersAreSortedByNameThenValueAsAwsSortsThem() {
    assertThat(SigV4Signer.canonicalQuery("uploadId=x%2By&partNumber=1"))
        .isEqualTo("partNumber=1&uploadId=x%2By");
    assertThat(SigV4Signer.canonicalQuery("a=2&a=1&b&=z")).isEqualTo("=z&a=1&a=2&b=");
    assertThat(SigV4Signer.canonicalQuery("k=v=w&&%7e=%20")).isEqualTo("k=v%3Dw&~=%20");
    assertThat(SigV4Signer.canonicalQuery(null)).isEmpty();
    assertThat(SigV4Signer.canonicalQuery("")).isEmpty();
    String url = "https://b.s3.amazonaws.com/k?uploadId=u%2F1&partNumber=7&x-id=UploadPart";
    SdkHttpRequest aws = SdkHttpRequest.builder().method(SdkHttpMethod.PUT).protocol("https")
        .host("b.s3.amazonaws.com").encodedPath("/k")
        .putRawQueryParameter("uploadId", "u/1").putRawQueryParameter("partNumber", "7")
        .putRawQueryParameter("x-id", "UploadPart").build();
    String expected = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create("AKID", "secret")).request(aws)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(DAY1, ZoneOffset.UTC)))
        .request().firstMatchingHeader("Authorization").orElseThrow();
    assertThat(fresh("secret", url, DAY1)).isEqualTo(expected);
  }

  @Test
  void defaultPortsAreLeftOutOfTheHostHeader() {
    assertThat(SigV4Signer.hostHeader(URI.create("https://h.example.com:443/x")))
        .isEqualTo("h.example.com");
    assertThat(SigV4Signer.hostHeader(URI.create("http://h.example.com:80/x")))
        .isEqualTo("h.example.com");
    assertThat(SigV4Signer.hostHeader(URI.create("http://h.example.com:443/x")))
        .isEqualTo("h.example.com:443");
    assertThat(SigV4Signer.hostHeader(URI.create("https://h.example.com:80/x")))
        .isEqualTo("h.example.com:80");
    assertThat(SigV4Signer.hostHeader(URI.create("https://h.example.com:8443/x")))
        .isEqualTo("h.example.com:8443");
    assertThat(SigV4Signer.hostHeader(URI.create("https://h.example.com/x")))
        .isEqualTo("h.example.com");
    assertThat(fresh("s", "https://b.s3.amazonaws.com:443/k", DAY1))
        .isEqualTo(fresh("s", "https://b.s3.amazonaws.com/k", DAY1));
  }

  @Test
  void headerValuesAreTrimmedAndInnerSpacesCollapsed() {
    assertThat(SigV4Signer.trimAll("  a \t  b  c ")).isEqualTo("a b c");
    assertThat(SigV4Signer.trimAll("x")).isEqualTo("x");
    assertThat(SigV4Signer.trimAll("")).isEmpty();
  }
}
