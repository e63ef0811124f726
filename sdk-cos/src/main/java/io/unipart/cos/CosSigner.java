package io.unipart.cos;

import io.unipart.InvalidRequestException;
import io.unipart.internal.Digests;
import io.unipart.internal.HttpDates;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.PercentEncoding;
import io.unipart.spi.Signer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * COS's own request signature ({@code q-sign-algorithm=sha1}), as Tencent's Request Signature page
 * (436/7778) states it: keys URL-encoded then lower-cased, values URL-encoded, both lists sorted,
 * the decoded path in the HttpString, and every signed header actually sent. Besides the headers
 * Tencent's SDKs sign, {@code Date} is signed, as in the documented examples.
 */
final class CosSigner implements Signer {
  /** Headers signed when present; {@code x-cos-*} and {@code x-ci-*} always are. */
  static final Set<String> SIGNED_HEADERS =
      Set.of(
          "cache-control",
          "content-disposition",
          "content-encoding",
          "content-length",
          "content-md5",
          "content-type",
          "date",
          "expect",
          "expires",
          "host",
          "if-match",
          "if-modified-since",
          "if-none-match",
          "if-unmodified-since",
          "origin",
          "range",
          "transfer-encoding",
          "pic-operations");

  private final CosCredentialsProvider credentials;
  private final Duration skewTolerance;
  private final Duration validity;
  /** This signer's last derived key: it changes only with the secret and the key time. */
  private final AtomicReference<SignKey> lastKey = new AtomicReference<>();

  CosSigner(CosCredentialsProvider credentials, Duration skewTolerance, Duration validity) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.skewTolerance = skewTolerance;
    this.validity = validity;
  }

  @Override
  public HttpRequest sign(HttpRequest request, Instant now) {
    CosCredentials creds = credentials.resolve();
    if (creds == null) {
      throw new InvalidRequestException("credentials", "the provider returned null");
    }
    HttpRequest.Builder b =
        request.toBuilder()
            .removeHeader("Authorization")
            .header("Host", hostHeader(request.uri()))
            .header("Date", HttpDates.format(now))
            .header("Content-Length", String.valueOf(request.bodyLength()));
    creds.sessionToken().ifPresent(t -> b.header("x-cos-security-token", t));
    long start = now.minus(skewTolerance).getEpochSecond();
    long end = now.plus(validity).getEpochSecond();
    return b.header("Authorization",
        compute(b.build(), creds, start, end, this::cachedSignKey).authorization).build();
  }

  /** Every intermediate value of the signature, for tests against published vectors. */
  static Signature compute(HttpRequest request, CosCredentials creds, long start, long end) {
    return compute(request, creds, start, end, SignKey::new);
  }

  private static Signature compute(HttpRequest request, CosCredentials creds, long start,
      long end, BiFunction<String, String, SignKey> signKeys) {
    String keyTime = start + ";" + end;
    TreeMap<String, String> params = new TreeMap<>();
    String rawQuery = request.uri().getRawQuery();
    if (rawQuery != null) {
      for (String part : rawQuery.split("&")) {
        if (!part.isEmpty()) {
          int eq = part.indexOf('=');
          String name = PercentEncoding.decode(eq < 0 ? part : part.substring(0, eq));
          String value = eq < 0 ? "" : PercentEncoding.decode(part.substring(eq + 1));
          params.put(lowerEncoded(name), PercentEncoding.encode(value.trim()));
        }
      }
    }
    TreeMap<String, String> headers = new TreeMap<>();
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (SIGNED_HEADERS.contains(name) || name.startsWith("x-cos-") || name.startsWith("x-ci-")) {
        headers.put(lowerEncoded(h.getKey()), PercentEncoding.encode(h.getValue().trim()));
      }
    }
    String path = PercentEncoding.decode(request.uri().getRawPath());
    String httpString =
        request.method().toLowerCase(Locale.ROOT) + "\n"
            + (path.isEmpty() ? "/" : path) + "\n"
            + join(params) + "\n"
            + join(headers) + "\n";
    String stringToSign =
        "sha1\n" + keyTime + "\n" + Digests.hex(Digests.sha1(httpString)) + "\n";
    SignKey signKey = signKeys.apply(creds.secretKey(), keyTime);
    String signature = Digests.hex(signKey.mac.mac(stringToSign));
    String authorization =
        "q-sign-algorithm=sha1&q-ak=" + creds.secretId()
            + "&q-sign-time=" + keyTime
            + "&q-key-time=" + keyTime
            + "&q-header-list=" + String.join(";", headers.keySet())
            + "&q-url-param-list=" + String.join(";", params.keySet())
            + "&q-signature=" + signature;
    return new Signature(signKey.key, httpString, stringToSign, signature, authorization);
  }

  private SignKey cachedSignKey(String secretKey, String keyTime) {
    SignKey last = lastKey.get();
    if (last != null && last.keyTime.equals(keyTime) && last.secret.equals(secretKey)) {
      return last;
    }
    SignKey key = new SignKey(secretKey, keyTime);
    lastKey.set(key);
    return key;
  }

  /** One derived key, ready to sign with; the secret is compared, never printed. */
  private static final class SignKey {
    final String secret;
    final String keyTime;
    final String key;
    final Digests.HmacKey mac;

    SignKey(String secret, String keyTime) {
      this.secret = secret;
      this.keyTime = keyTime;
      this.key = Digests.hex(
          Digests.hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), keyTime));
      this.mac = new Digests.HmacKey("HmacSHA1", key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "SignKey{" + keyTime + "}";
    }
  }

  private static String lowerEncoded(String s) {
    return PercentEncoding.encode(s).toLowerCase(Locale.ROOT);
  }

  private static String join(TreeMap<String, String> pairs) {
    StringBuilder sb = new StringBuilder();
    pairs.forEach((k, v) -> {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(k).append('=').append(v);
    });
    return sb.toString();
  }

  static String hostHeader(URI uri) {
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443)
            || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80);
    return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
  }

  /** The intermediate values of one signature. */
  static final class Signature {
    final String signKey;
    final String httpString;
    final String stringToSign;
    final String signature;
    final String authorization;

    Signature(
        String signKey, String httpString, String stringToSign, String signature, String auth) {
      this.signKey = signKey;
      this.httpString = httpString;
      this.stringToSign = stringToSign;
      this.signature = signature;
      this.authorization = auth;
    }
  }
}
