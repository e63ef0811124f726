package io.unipart.cos;

import io.unipart.internal.PercentEncoding;
import io.unipart.spi.HttpRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.qcloud.cos.auth.BasicCOSCredentials;
import com.qcloud.cos.auth.COSSigner;
import com.qcloud.cos.http.HttpMethodName;
import java.net.URI;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Our COS signature against Tencent's own signer ({@code com.qcloud:cos_api}, test scope only) on
 * seeded random requests: keys across Unicode and reserved characters, every header the dialect
 * sends, query parameters with odd names and values, temporary-credential tokens.
 */
class CosSdkSignerOracleTest {
  static final String ALPHABET =
      "abcXYZ019-._~ /+=&;?#!*'()$@:,%[]{}|^`\"<>\\éß中文한국어🎉ÿ";
  static final String[] METHODS = {"POST", "PUT", "GET", "DELETE", "HEAD"};

  final Random random = new Random(20261121L);

  @Test
  void matchesTencentsSignerOn400RandomRequests() {
    for (int i = 0; i < 400; i++) {
      String method = METHODS[random.nextInt(METHODS.length)];
      String key = randomText(1 + random.nextInt(40)).replaceAll("^[/\\\\]+", "k");
      Map<String, String> params = new LinkedHashMap<>();
      if (random.nextBoolean()) {
        params.put("uploads", "");
      }
      if (random.nextBoolean()) {
        params.put("partNumber", String.valueOf(1 + random.nextInt(10000)));
        params.put("uploadId", "1585130821cbb7df" + random.nextInt(1_000_000));
      }
      if (random.nextInt(3) == 0) {
        params.put("response-content-disposition", "attachment; filename=" + randomText(6));
      }
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Host", "examplebucket-1250000000.cos.ap-beijing.myqcloud.com");
      headers.put("Content-Type", random.nextBoolean() ? "video/mp4" : "text/plain; charset=utf-8");
      headers.put("Content-Length", String.valueOf(random.nextInt(1000)));
      if (random.nextBoolean()) {
        headers.put("Cache-Control", "max-age=" + random.nextInt(100000));
      }
      if (random.nextBoolean()) {
        headers.put("Content-Disposition", "attachment; filename=\"f" + random.nextInt(9) + ".bin\"");
      }
      if (random.nextBoolean()) {
        headers.put("x-cos-storage-class", "STANDARD_IA");
      }
      for (int m = random.nextInt(3); m > 0; m--) {
        headers.put("x-cos-meta-field-" + m, " value " + random.nextInt(1000) + " ");
      }
      if (random.nextBoolean()) {
        headers.put("x-cos-acl", "public-read");
        headers.put("x-cos-grant-read", "id=\"100000000001\",id=\"100000000002\"");
      }
      if (random.nextBoolean()) {
        headers.put("x-cos-tagging", "k=" + PercentEncoding.encode(randomText(5)));
      }
      if (random.nextBoolean()) {
        headers.put("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg==");
      }
      headers.put("User-Agent", "not-signed/1.0");
      String token = random.nextInt(3) == 0 ? "token-" + random.nextInt(1000) : null;
      if (token != null) {
        headers.put("x-cos-security-token", token);
      }
      long start = 1_700_000_000L + random.nextInt(1_000_000);
      long end = start + 60 + random.nextInt(86_400);
      assertSame(method, key, params, headers, start, end, token);
    }
  }

  /**
   * The signer's own path (which collects and encodes the signed headers itself, remembers
   * header names, and builds the request once) signs exactly what {@code compute}, held to
   * Tencent's signer above, computes from the request it sends: over 400 random requests, one
   * signer, more distinct header names than it remembers, with and without tokens.
   */
  @Test
  void theSignersHotPathSignsWhatTheCheckedComputationComputes() {
    CosSigner signer = new CosSigner(() -> CosCredentials.of("AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q",
        "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", random.nextBoolean() ? "tok-" + random.nextInt(9) : null),
        java.time.Duration.ofSeconds(60), java.time.Duration.ofMinutes(15));
    for (int i = 0; i < 400; i++) {
      String method = METHODS[random.nextInt(METHODS.length)];
      String key = randomText(1 + random.nextInt(20)).replaceAll("^[/\\\\]+", "k");
      URI uri = URI.create("https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/"
          + PercentEncoding.encodePath(key) + (random.nextBoolean() ? "?uploads" : "?partNumber="
          + (1 + random.nextInt(100)) + "&uploadId=u%2B" + random.nextInt(1000)));
      HttpRequest.Builder b = HttpRequest.builder(method, uri)
          .header("Content-Type", "text/plain; charset=utf-8")
          .header("X-COS-Meta-Name-" + i, " v " + randomText(4) + " ")
          .header("User-Agent", "not-signed/1.0");
      if (random.nextBoolean()) {
        b.header("Date", "stale").header("Authorization", "stale").header("host", "stale");
      }
      if (random.nextBoolean()) {
        b.header("x-cos-security-token", "caller-token");
      }
      java.time.Instant now = java.time.Instant.ofEpochSecond(1_700_000_000L + i * 7L, i * 1000L);
      HttpRequest signed = signer.sign(b.build(), now);
      String sent = signed.header("Authorization");
      String keyTime = sent.replaceAll(".*q-key-time=([0-9;]+)&.*", "$1");
      String[] times = keyTime.split(";");
      assertThat(Long.parseLong(times[0])).isEqualTo(now.getEpochSecond() - 60);
      assertThat(Long.parseLong(times[1])).isEqualTo(now.getEpochSecond() + 900);
      String token = signed.header("x-cos-security-token");
      CosCredentials creds = CosCredentials.of("AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q",
          "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", token);
      HttpRequest withoutAuth = signed.toBuilder().removeHeader("Authorization").build();
      assertThat(sent).as("request %d", i).isEqualTo(CosSigner.compute(withoutAuth, creds,
          Long.parseLong(times[0]), Long.parseLong(times[1])).authorization);
      assertThat(sent).contains("x-cos-meta-name-" + i);
      assertThat(signed.header("Date")).isNotEqualTo("stale");
    }
  }

  private void assertSame(String method, String key, Map<String, String> params,
      Map<String, String> headers, long start, long end, String token) {
    StringBuilder query = new StringBuilder();
    params.forEach((k, v) -> query.append(query.length() == 0 ? "" : "&")
        .append(PercentEncoding.encode(k)).append(v.isEmpty() ? "" : "=" + PercentEncoding.encode(v)));
    URI uri = URI.create("https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/"
        + PercentEncoding.encodePath(key) + (query.length() == 0 ? "" : "?" + query));
    HttpRequest.Builder ours = HttpRequest.builder(method, uri);
    headers.forEach(ours::header);
    CosCredentials creds = CosCredentials.of("AKIDQjz3ltompVjBni5LitkWHFlFpwkn9U5q",
        "BQYIM75p8x0iWVFSIgqEKwFprpRSVHlz", token);

    String mine = CosSigner.compute(ours.build(), creds, start, end).authorization;
    String theirs = new COSSigner().buildAuthorizationStr(
        HttpMethodName.valueOf(method), "/" + key, headers, params,
        new BasicCOSCredentials(creds.secretId(), creds.secretKey()),
        new Date(start * 1000), new Date(end * 1000), true);

    assertThat(mine).as("%s /%s %s %s", method, key, params, headers.keySet()).isEqualTo(theirs);
  }

  private String randomText(int length) {
    StringBuilder sb = new StringBuilder();
    int[] cps = ALPHABET.codePoints().toArray();
    for (int i = 0; i < length; i++) {
      sb.appendCodePoint(cps[random.nextInt(cps.length)]);
    }
    return sb.toString();
  }
}
