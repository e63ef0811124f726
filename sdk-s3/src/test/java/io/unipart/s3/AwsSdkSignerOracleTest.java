package io.unipart.s3;

import io.unipart.ObjectHeaders;
import io.unipart.UploadRequest;
import io.unipart.spi.HttpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Our SigV4 against AWS's own signer (AWS SDK for Java v2, test scope only), on seeded random
 * initiate requests: keys across Unicode and reserved characters (dot and empty segments
 * included), metadata with odd spacing, every optional header, session tokens.
 */
class AwsSdkSignerOracleTest {
  static final Set<String> ADDED_BY_SIGNERS =
      Set.of("host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token");
  static final String ALPHABET =
      "abcXYZ019-._~ /+=&;?#!*'()$@:,%[]{}|^`\"<>\\éß中文한국어🎉🚀ÿĀ\u00A0\u2028";

  final Random random = new Random(20261121L);

  @Test
  void matchesTheAwsSdkSignerOn500RandomInitiateRequests() {
    for (int i = 0; i < 500; i++) {
      assertSameSignature(randomRequest(), i % 3 == 0 ? "FQoGZXIvYXdz//token+" + i : null, i);
    }
  }

  @Test
  void matchesOnKeysWithDotAndEmptySegments() {
    for (String key : new String[] {"a/./b", "../x", "a//b", "/lead", "trail/", "./", "a/.."}) {
      assertSameSignature(S3InitiateRequest.builder(UploadRequest.builder().key(key).build())
          .build(), null, 0);
    }
  }

  private S3InitiateRequest randomRequest() {
    UploadRequest.Builder u = UploadRequest.builder().key(randomText(1 + random.nextInt(60)));
    if (random.nextBoolean()) {
      u.contentType(random.nextBoolean() ? "video/mp4" : "text/plain;  charset=utf-8");
    }
    int meta = random.nextInt(4);
    for (int m = 0; m < meta; m++) {
      u.metadata("Meta-" + m, "  value   with \t spaces " + randomText(5) + "  ");
    }
    S3InitiateRequest.Builder b = S3InitiateRequest.builder(u.build());
    ObjectHeaders.Builder h = ObjectHeaders.builder();
    if (random.nextBoolean()) {
      h.cacheControl("max-age=" + random.nextInt(10000) + ",   public");
    }
    if (random.nextBoolean()) {
      h.contentDisposition("attachment; filename=\"f " + random.nextInt(100) + ".bin\"");
    }
    if (random.nextBoolean()) {
      b.storageClass(random.nextBoolean() ? "STANDARD" : "REDUCED_REDUNDANCY");
    }
    if (random.nextBoolean()) {
      h.expires(Instant.ofEpochSecond(2_000_000_000L + random.nextInt(1_000_000)));
    }
    if (random.nextBoolean()) {
      h.tag("k" + random.nextInt(9), randomText(6));
    }
    b.objectHeaders(h.build());
    if (random.nextInt(4) == 0) {
      b.serverSideEncryption(ServerSideEncryption.kms("alias/k" + random.nextInt(9)));
    }
    if (random.nextInt(4) == 0) {
      b.acl(CannedAcl.PUBLIC_READ);
    }
    return b.build();
  }

  private String randomText(int length) {
    StringBuilder sb = new StringBuilder();
    int[] cps = ALPHABET.codePoints().toArray();
    for (int i = 0; i < length; i++) {
      sb.appendCodePoint(cps[random.nextInt(cps.length)]);
    }
    return sb.toString();
  }

  private void assertSameSignature(S3InitiateRequest request, String token, int seed) {
    String ak = "AKIAIOSFODNN7EXAMPLE";
    String sk = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    Instant when = Instant.parse("2026-11-21T10:15:30Z").plusSeconds(seed);
    boolean pathStyle = seed % 2 == 0;
    S3Endpoint endpoint = S3Endpoint.parse(
        seed % 4 < 2 ? "https://s3.eu-central-1.amazonaws.com" : "http://127.0.0.1:9000",
        pathStyle ? Boolean.TRUE : null);
    URI uri = endpoint.objectUri("example-bucket", request.upload().key(), "uploads");
    HttpRequest.Builder ours = HttpRequest.builder("POST", uri);
    request.headers().forEach(ours::header);
    HttpRequest signed = SigV4Signer.forS3("eu-central-1",
        AwsCredentialsProvider.of(AwsCredentials.of(ak, sk, token))).sign(ours.build(), when);

    SdkHttpRequest.Builder theirs = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .protocol(uri.getScheme())
        .host(uri.getHost())
        .encodedPath(uri.getRawPath())
        .putRawQueryParameter("uploads", (String) null);
    if (uri.getPort() != -1) {
      theirs.port(uri.getPort());
    }
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      if (!ADDED_BY_SIGNERS.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
        theirs.putHeader(h.getKey(), h.getValue());
      }
    }
    AwsCredentialsIdentity identity = token == null
        ? AwsCredentialsIdentity.create(ak, sk)
        : AwsSessionCredentialsIdentity.create(ak, sk, token);
    SignedRequest reference = AwsV4HttpSigner.create().sign(r -> r
        .identity(identity)
        .request(theirs.build())
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-central-1")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(when, ZoneOffset.UTC)));

    assertThat(signed.header("Authorization"))
        .as("key %s, headers %s", request.upload().key(), request.headers().keySet())
        .isEqualTo(reference.request().firstMatchingHeader("Authorization").orElseThrow());
    assertThat(signed.header("x-amz-content-sha256"))
        .isEqualTo(reference.request().firstMatchingHeader("x-amz-content-sha256").orElseThrow());
  }
}
