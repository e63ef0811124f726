package io.unipart.cos;

import io.unipart.internal.PercentEncoding;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.Signer;
import io.unipart.InvalidRequestException;
import io.unipart.internal.Digests;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * COS's own request signature ({@code q-sign-algorithm=sha1}), as Tencent's Request Signature page
 * (436/7778) states it: keys URL-encoded then lower-cased, values URL-encoded, both lists sorted,
 * the decoded path in the HttpString.
 *
 * <p>A signed header that is not sent fails on the server, so exactly the headers on the wire
 * are signed, from the set Tencent's SDK signs: {@code Content-Length} only where it is sent
 * (OkHttp sends none on GET, HEAD or DELETE, as COS's common-headers page asks; the JDK 17 client
 * always sends one, so there it is signed), and no {@code Date} (the SDK neither sends nor signs
 * one; the signature's own key time bounds its validity). Tests hold every lifecycle call, as the
 * server received it, on both transports, to Tencent's own signer.
 */
final class CosSigner implements Signer {
  private static final java.util.HexFormat HEX = java.util.HexFormat.of();

  /**
   * Headers signed when present; {@code x-cos-*} and {@code x-ci-*} always are. Tencent's SDK
   * set, plus {@code Date}, which COS's documented examples sign (the published vectors need it);
   * {@link #sign} sends no {@code Date}, so in practice the SDK's set is what gets signed.
   */
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
  /** This signer's last key and key time: they change with the second and the secret. */
  private final AtomicReference<SignKey> lastKey = new AtomicReference<>();
  /** Header name as sent -> as signed ("" when not signed); see {@link #signedName}. */
  private final ConcurrentHashMap<String, String> signedNames = new ConcurrentHashMap<>();

  private static final int MAX_REMEMBERED_NAMES = 256;

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
    String host = hostHeader(request.uri());
    String length = !sendsContentLength(request) ? null
        : request.header("Content-Length") != null ? request.header("Content-Length")
        : String.valueOf(request.bodyLength());
    String token = creds.sessionToken().orElse(null);
    SignKey key = cachedSignKey(creds.secretKey(), now.getEpochSecond());
    // The signed headers are the request's own plus the four set here, which replace any the
    // request had: collected once, so the request is copied once, signature included.
    Pairs headers = new Pairs(request.headers().size() + 4);
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      String signedName = signedName(h.getKey());
      if (signedName == null) {
        continue;
      }
      switch (signedName) {
        case "authorization":
        case "host":
        case "content-length":
        case "date":
          break; // replaced below, or not sent
        case "x-cos-security-token":
          if (token == null) {
            headers.add(signedName, PercentEncoding.encode(h.getValue().trim()));
          }
          break;
        default:
          headers.add(signedName, PercentEncoding.encode(h.getValue().trim()));
      }
    }
    headers.add("host", PercentEncoding.encode(host));
    if (length != null) {
      headers.add("content-length", PercentEncoding.encode(length.trim()));
    }
    if (token != null) {
      headers.add("x-cos-security-token", PercentEncoding.encode(token.trim()));
    }
    String authorization = compute(request.method(), request.uri(), headers, creds, key,
        false).authorization;
    HttpRequest bare = request.header("Date") == null ? request
        : request.toBuilder().removeHeader("Date").build();
    if (length == null) {
      return token == null
          ? bare.withHeaders("Host", host, "Authorization", authorization)
          : bare.withHeaders("Host", host, "Authorization", authorization,
              "x-cos-security-token", token);
    }
    return token == null
        ? bare.withHeaders("Host", host, "Content-Length", length, "Authorization",
            authorization)
        : bare.withHeaders("Host", host, "Content-Length", length, "Authorization",
            authorization, "x-cos-security-token", token);
  }

  /**
   * Whether the request goes out with a {@code Content-Length}: it says so (the executor hands
   * over the request as its transport will send it, see {@code HttpTransport.onWire}), or it has
   * a body, or its method always carries one.
   */
  static boolean sendsContentLength(HttpRequest request) {
    String method = request.method();
    return request.header("Content-Length") != null || request.bodyLength() > 0
        || method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
  }

  /**
   * A presigned URL: the signature's pairs go in the query (COS's "pre-signed URL" form), the
   * URL's own parameters and the host signed, valid from a little in the past for {@code
   * expirySeconds}. A temporary credential's token rides along as {@code
   * x-cos-security-token}.
   */
  URI presign(String method, URI uri, Instant now, long expirySeconds) {
    CosCredentials creds = credentials.resolve();
    if (creds == null) {
      throw new InvalidRequestException("credentials", "the provider returned null");
    }
    long start = now.getEpochSecond() - skewTolerance.getSeconds();
    long end = now.getEpochSecond() + expirySeconds;
    Pairs headers = new Pairs(1);
    headers.add("host", PercentEncoding.encode(hostHeader(uri)));
    String authorization = compute(method, uri, headers, creds,
        new SignKey(creds.secretKey(), start, end, null), false).authorization;
    StringBuilder query = new StringBuilder();
    if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
      query.append(uri.getRawQuery()).append('&');
    }
    for (String pair : authorization.split("&")) {
      int eq = pair.indexOf('=');
      query.append(pair, 0, eq + 1).append(PercentEncoding.encode(pair.substring(eq + 1)))
          .append('&');
    }
    creds.sessionToken().ifPresent(t -> query.append("x-cos-security-token=")
        .append(PercentEncoding.encode(t)).append('&'));
    query.setLength(query.length() - 1);
    String s = uri.toString();
    int q = s.indexOf('?');
    return URI.create((q < 0 ? s : s.substring(0, q)) + "?" + query);
  }

  /** Every intermediate value of the signature, for tests against published vectors. */
  static Signature compute(HttpRequest request, CosCredentials creds, long start, long end) {
    Pairs headers = new Pairs(request.headers().size());
    request.headers().forEach(headers::addHeader);
    return compute(request.method(), request.uri(), headers, creds,
        new SignKey(creds.secretKey(), start, end, null), true);
  }

  private static Signature compute(String method, URI uri, Pairs headers, CosCredentials creds,
      SignKey signKey, boolean keepSteps) {
    Pairs params = new Pairs(4);
    String rawQuery = uri.getRawQuery();
    if (rawQuery != null) {
      int from = 0;
      while (from <= rawQuery.length()) {
        int amp = rawQuery.indexOf('&', from);
        int to = amp < 0 ? rawQuery.length() : amp;
        if (to > from) {
          int eq = rawQuery.indexOf('=', from);
          boolean hasValue = eq >= 0 && eq < to;
          String name = PercentEncoding.decode(rawQuery.substring(from, hasValue ? eq : to));
          String value = hasValue ? PercentEncoding.decode(rawQuery.substring(eq + 1, to)) : "";
          params.add(lowerEncoded(name), PercentEncoding.encode(value.trim()));
        }
        from = to + 1;
      }
    }
    String path = PercentEncoding.decode(uri.getRawPath());
    StringBuilder http = new StringBuilder(384)
        .append(lowerMethod(method)).append('\n')
        .append(path.isEmpty() ? "/" : path).append('\n');
    params.appendPairs(http).append('\n');
    headers.appendPairs(http).append('\n');
    String httpString = http.toString();
    String stringToSign =
        "sha1\n" + signKey.keyTime + "\n" + HEX.formatHex(Digests.sha1(httpString)) + "\n";
    String signature = HEX.formatHex(signKey.mac.mac(stringToSign));
    StringBuilder auth = new StringBuilder(200 + 16 * (headers.size + params.size))
        .append("q-sign-algorithm=sha1&q-ak=").append(creds.secretId())
        .append("&q-sign-time=").append(signKey.keyTime)
        .append("&q-key-time=").append(signKey.keyTime)
        .append("&q-header-list=");
    headers.appendNames(auth).append("&q-url-param-list=");
    params.appendNames(auth).append("&q-signature=").append(signature);
    return keepSteps
        ? new Signature(signKey.key, httpString, stringToSign, signature, auth.toString())
        : new Signature(null, null, null, null, auth.toString());
  }

  /**
   * A header's name as signed, through {@link #signedForm}, remembered per signer for the first
   * names it sees (header names come from a small set; the map is bounded, so a stream of
   * distinct metadata names cannot grow it without limit).
   */
  private String signedName(String name) {
    String known = signedNames.get(name);
    if (known != null) {
      return known.isEmpty() ? null : known;
    }
    String signed = signedForm(name);
    if (signedNames.size() < MAX_REMEMBERED_NAMES) {
      signedNames.put(name, signed == null ? "" : signed);
    }
    return signed;
  }

  /**
   * The one rule for header names: as signed (encoded, then lower-cased), or null when COS does
   * not sign the header. "authorization" is returned too, for {@link #sign} to drop.
   */
  static String signedForm(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    boolean signed = lower.equals("authorization") || SIGNED_HEADERS.contains(lower)
        || lower.startsWith("x-cos-") || lower.startsWith("x-ci-");
    return signed ? lowerEncoded(name) : null;
  }

  /**
   * The key and key time for the second {@code now} falls in: derived once per second per signer
   * (and per secret, which is compared, never printed).
   */
  private SignKey cachedSignKey(String secretKey, long nowSecond) {
    SignKey last = lastKey.get();
    if (last != null && last.second == nowSecond && last.secret.equals(secretKey)) {
      return last;
    }
    // Whole seconds, rounded so the window still covers [now - skew, now + validity].
    long start = nowSecond - skewTolerance.getSeconds() - (skewTolerance.getNano() > 0 ? 1 : 0);
    long end = nowSecond + validity.getSeconds();
    SignKey key = new SignKey(secretKey, start, end, Instant.ofEpochSecond(nowSecond));
    lastKey.set(key);
    return key;
  }

  /** One derived key, ready to sign with; the secret is compared, never printed. */
  private static final class SignKey {
    final String secret;
    final long second;
    final String keyTime;
    final String key;
    final Digests.MacKey mac;

    SignKey(String secret, long start, long end, Instant now) {
      this.secret = secret;
      this.second = now == null ? Long.MIN_VALUE : now.getEpochSecond();
      this.keyTime = start + ";" + end;
      this.key = HEX.formatHex(
          Digests.hmac("HmacSHA1", secret.getBytes(StandardCharsets.UTF_8), keyTime));
      this.mac = new Digests.MacKey("HmacSHA1", key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "SignKey{" + keyTime + "}";
    }
  }

  /**
   * Signed names (encoded, lower-cased) and values (trimmed, encoded), kept sorted by name as
   * they are added; a name added twice keeps its last value. Insertion into a few arrays: these
   * lists hold a handful of entries, where a {@code TreeMap} costs more than it saves.
   */
  private static final class Pairs {
    String[] names;
    String[] values;
    int size;

    Pairs(int capacity) {
      names = new String[Math.max(capacity, 4)];
      values = new String[names.length];
    }

    /** Adds a header when COS signs it (an Authorization header never is). */
    void addHeader(String name, String value) {
      String signed = signedForm(name);
      if (signed != null && !signed.equals("authorization")) {
        add(signed, PercentEncoding.encode(value.trim()));
      }
    }

    void add(String name, String value) {
      int at = size;
      while (at > 0) {
        int c = names[at - 1].compareTo(name);
        if (c == 0) {
          values[at - 1] = value;
          return;
        }
        if (c < 0) {
          break;
        }
        at--;
      }
      if (size == names.length) {
        names = java.util.Arrays.copyOf(names, size * 2);
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      System.arraycopy(names, at, names, at + 1, size - at);
      System.arraycopy(values, at, values, at + 1, size - at);
      names[at] = name;
      values[at] = value;
      size++;
    }

    StringBuilder appendPairs(StringBuilder sb) {
      for (int k = 0; k < size; k++) {
        if (k > 0) {
          sb.append('&');
        }
        sb.append(names[k]).append('=').append(values[k]);
      }
      return sb;
    }

    StringBuilder appendNames(StringBuilder sb) {
      for (int k = 0; k < size; k++) {
        if (k > 0) {
          sb.append(';');
        }
        sb.append(names[k]);
      }
      return sb;
    }
  }

  private static String lowerMethod(String method) {
    switch (method) {
      case "POST":
        return "post";
      case "PUT":
        return "put";
      case "GET":
        return "get";
      case "DELETE":
        return "delete";
      case "HEAD":
        return "head";
      default:
        return method.toLowerCase(Locale.ROOT);
    }
  }

  private static String lowerEncoded(String s) {
    return PercentEncoding.encode(s).toLowerCase(Locale.ROOT);
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
