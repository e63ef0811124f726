package io.unipart.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Presigned part URLs against AWS's own signer in query-string mode (AWS SDK for Java v2, test
 * scope only): same parameters, same signature, on seeded random keys, upload ids and expiries.
 */
class PresignOracleTest {
  static final String AK = "AKIAIOSFODNN7EXAMPLE";
  static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  @Test
  void presignedPartUrlsMatchTheAwsSdkSigner() {
    Random random = new Random(20261122L);
    for (int i = 0; i < 200; i++) {
      String key = "dir " + i + "/" + AwsSdkSignerOracleTestKeys.random(random, 1 + random.nextInt(30));
      String uploadId = "2~" + Long.toHexString(random.nextLong()) + "+/=";
      int part = 1 + random.nextInt(10_000);
      long expiry = 1 + random.nextInt(604_800);
      String token = i % 4 == 0 ? "FQoGZXIvYXdz//token+" + i : null;
      Instant when = Instant.parse("2026-11-22T03:04:05Z").plusSeconds(i * 977L);
      S3Endpoint endpoint = S3Endpoint.parse(
          i % 2 == 0 ? "https://s3.eu-central-1.amazonaws.com" : "http://127.0.0.1:9000",
          i % 3 == 0 ? Boolean.TRUE : null);
      URI object = endpoint.objectUri("example-bucket", key, "partNumber=" + part
          + "&uploadId=" + io.unipart.internal.PercentEncoding.encode(uploadId));

      URI ours = SigV4Signer.forS3("eu-central-1",
          AwsCredentialsProvider.of(AwsCredentials.of(AK, SK, token)))
          .presign("PUT", object, when, expiry);

      SdkHttpRequest.Builder theirs = SdkHttpRequest.builder()
          .method(SdkHttpMethod.PUT).protocol(object.getScheme()).host(object.getHost())
          .encodedPath(object.getRawPath())
          .putRawQueryParameter("partNumber", String.valueOf(part))
          .putRawQueryParameter("uploadId", uploadId);
      if (object.getPort() != -1) {
        theirs.port(object.getPort());
      }
      AwsCredentialsIdentity identity = token == null
          ? AwsCredentialsIdentity.create(AK, SK)
          : AwsSessionCredentialsIdentity.create(AK, SK, token);
      SignedRequest reference = AwsV4HttpSigner.create().sign(r -> r
          .identity(identity)
          .request(theirs.build())
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
          .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-central-1")
          .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
          .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)
          .putProperty(AwsV4HttpSigner.AUTH_LOCATION,
              AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
          .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(expiry))
          .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(when, ZoneOffset.UTC)));

      TreeMap<String, String> expected = new TreeMap<>();
      reference.request().rawQueryParameters().forEach((k, v) -> expected.put(k, v.get(0)));
      assertThat(params(ours)).as("key %s, token %s", key, token).isEqualTo(expected);
      assertThat(ours.getRawPath()).isEqualTo(reference.request().encodedPath());
    }
  }

  static TreeMap<String, String> params(URI uri) {
    TreeMap<String, String> out = new TreeMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      out.put(io.unipart.internal.PercentEncoding.decode(pair.substring(0, eq)),
          io.unipart.internal.PercentEncoding.decode(pair.substring(eq + 1)));
    }
    return out;
  }

  /** Random key text over the same alphabet as the header-signing oracle. */
  static final class AwsSdkSignerOracleTestKeys {
    static String random(Random random, int length) {
      int[] cps = AwsSdkSignerOracleTest.ALPHABET.codePoints().toArray();
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < length; i++) {
        sb.appendCodePoint(cps[random.nextInt(cps.length)]);
      }
      return sb.toString().replace("/./", "/x/").replace("/../", "/x/");
    }
  }
}
