package io.unipart.s3;

import io.unipart.internal.PercentEncoding;
import io.unipart.spi.HttpRequest;
import io.unipart.spi.Signer;
import io.unipart.PartContent;
import io.unipart.internal.Digests;
import io.unipart.internal.HttpDates;
import io.unipart.internal.xml.PartPayload;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * AWS Signature Version 4 in the {@code Authorization} header, with S3's rules: the canonical URI
 * is the wire path exactly as sent (encoded once, never normalised), {@code x-amz-content-sha256}
 * is sent and signed, and a session token goes in {@code x-amz-security-token}. The derived
 * signing key is cached per secret, date, region and service. A request declared as signed chunks
 * ({@code x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD}, with {@code
 * Content-Encoding: aws-chunked} and both lengths set by whoever built it) has its body framed by
 * {@link AwsChunkedEncoding}, each 128 KiB chunk signed as it streams; the signer adds no header
 * of the encoding itself.
 */
final class SigV4Signer implements Signer {
  private static final java.util.HexFormat HEX = java.util.HexFormat.of();

  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  /** Headers that proxies and clients may change in flight, so they are never signed. */
  private static final Set<String> UNSIGNED_HEADERS =
      Set.of(
          "authorization",
          "user-agent",
          "expect",
          "content-length",
          "connection",
          "keep-alive",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "x-amzn-trace-id",
          "accept-encoding");

  private final String region;
  private final String service;
  private final AwsCredentialsProvider credentials;
  private final boolean s3;
  private final AtomicReference<SigningKey> cachedKey = new AtomicReference<>();

  SigV4Signer(String region, String service, AwsCredentialsProvider credentials, boolean s3) {
    this.region = Objects.requireNonNull(region, "region");
    this.service = Objects.requireNonNull(service, "service");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.s3 = s3;
  }

  static SigV4Signer forS3(String region, AwsCredentialsProvider credentials) {
    return new SigV4Signer(region, "s3", credentials, true);
  }

  @Override
  public HttpRequest sign(HttpRequest request, Instant now) {
    Prepared p = prepare(request, now);
    return p.request.header("Authorization", p.signature.authorization).build();
  }

  /**
   * A presigned URL (query-string authentication): the {@code X-Amz-*} parameters added to the
   * URI's query, only {@code host} signed, payload {@code UNSIGNED-PAYLOAD}.
   *
   * @param method the method the URL allows
   * @param uri the object URI, with any query it needs (partNumber, uploadId)
   * @param now the signing time
   * @param expirySeconds 1..604800
   * @return the URL
   */
  URI presign(String method, URI uri, Instant now, long expirySeconds) {
    AwsCredentials creds = credentials.resolve();
    if (creds == null) {
      throw new io.unipart.InvalidRequestException("credentials", "the provider returned null");
    }
    String amzDate = HttpDates.formatBasic(now);
    String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
    StringBuilder query = new StringBuilder();
    if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
      query.append(uri.getRawQuery()).append('&');
    }
    query.append("X-Amz-Algorithm=").append(ALGORITHM)
        .append("&X-Amz-Credential=")
        .append(PercentEncoding.encode(creds.accessKeyId() + "/" + scope))
        .append("&X-Amz-Date=").append(amzDate)
        .append("&X-Amz-Expires=").append(expirySeconds);
    creds.sessionToken().ifPresent(
        t -> query.append("&X-Amz-Security-Token=").append(PercentEncoding.encode(t)));
    query.append("&X-Amz-SignedHeaders=host");
    URI unsigned = withQuery(uri, query.toString());
    HttpRequest hostOnly =
        HttpRequest.builder(method, unsigned).header("Host", hostHeader(unsigned)).build();
    Signature sig = compute(hostOnly, creds, amzDate, "UNSIGNED-PAYLOAD");
    return withQuery(uri, query + "&X-Amz-Signature=" + sig.signature);
  }

  private static URI withQuery(URI uri, String rawQuery) {
    String s = uri.toString();
    int q = s.indexOf('?');
    return URI.create((q < 0 ? s : s.substring(0, q)) + "?" + rawQuery);
  }

  /** The signature {@link #sign} would add, with its intermediate values (for tests). */
  Signature explain(HttpRequest request, Instant now) {
    return prepare(request, now).signature;
  }

  private Prepared prepare(HttpRequest request, Instant now) {
    AwsCredentials creds = credentials.resolve();
    if (creds == null) {
      throw new io.unipart.InvalidRequestException("credentials", "the provider returned null");
    }
    String amzDate = HttpDates.formatBasic(now);
    // A probe of whether the store checks chunk signatures asks for wrong ones (PartProofs).
    boolean wrongChunks = PartPayload.WRONG_CHUNK_SIGNATURE.equals(
        request.header(PartPayload.WRONG_CHUNK_SIGNATURE_HEADER));
    HttpRequest.Builder b =
        request.toBuilder()
            .removeHeader(PartPayload.WRONG_CHUNK_SIGNATURE_HEADER)
            .removeHeader("Authorization")
            .header("Host", hostHeader(request.uri()))
            .header("X-Amz-Date", amzDate);
    String payloadHash = request.header("x-amz-content-sha256");
    if (payloadHash == null) {
      payloadHash = payloadHash(request);
      if (s3) {
        b.header("x-amz-content-sha256", payloadHash);
      }
    }
    // Signed chunks (declared, with their encoding and lengths, by whoever built the request):
    // the seed signature covers the headers, then each chunk's signature chains from it.
    boolean streaming = AwsChunkedEncoding.STREAMING_PAYLOAD.equals(payloadHash);
    if (streaming && !"aws-chunked".equals(request.header("Content-Encoding"))) {
      throw new IllegalStateException("signed chunks need Content-Encoding: aws-chunked and"
          + " their lengths declared before signing");
    }
    creds.sessionToken().ifPresent(t -> b.header("X-Amz-Security-Token", t));
    Signature signature = compute(b.build(), creds, amzDate, payloadHash);
    if (streaming) {
      PartContent payload = request.streamedBody() != null
          ? request.streamedBody() : PartContent.ofBytes(request.body());
      Digests.MacKey key = signingKeyEntry(creds.secretAccessKey(), amzDate.substring(0, 8)).mac;
      String scope = amzDate.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
      String seed = wrongChunks ? hex(sha256(signature.signature)) : signature.signature;
      b.body(AwsChunkedEncoding.signedBody(payload, key, amzDate, scope, seed));
    }
    return new Prepared(b, signature);
  }

  private static final class Prepared {
    final HttpRequest.Builder request;
    final Signature signature;

    Prepared(HttpRequest.Builder request, Signature signature) {
      this.request = request;
      this.signature = signature;
    }
  }

  /** Every intermediate value, so tests can compare them with published vectors. */
  Signature compute(HttpRequest request, AwsCredentials creds, String amzDate, String payload) {
    String date = amzDate.substring(0, 8);
    TreeMap<String, String> canonicalHeaders = new TreeMap<>();
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!UNSIGNED_HEADERS.contains(name)) {
        canonicalHeaders.put(name, trimAll(h.getValue()));
      }
    }
    String signedHeaders = String.join(";", canonicalHeaders.keySet());
    StringBuilder cr = new StringBuilder(256);
    cr.append(request.method()).append('\n');
    cr.append(canonicalUri(request.uri())).append('\n');
    cr.append(canonicalQuery(request.uri().getRawQuery())).append('\n');
    canonicalHeaders.forEach((k, v) -> cr.append(k).append(':').append(v).append('\n'));
    cr.append('\n').append(signedHeaders).append('\n').append(payload);
    String canonicalRequest = cr.toString();

    String scope = date + "/" + region + "/" + service + "/aws4_request";
    String stringToSign =
        ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest));
    String signature = hex(signingKeyEntry(creds.secretAccessKey(), date).mac.mac(stringToSign));
    String authorization =
        ALGORITHM
            + " Credential="
            + creds.accessKeyId()
            + "/"
            + scope
            + ", SignedHeaders="
            + signedHeaders
            + ", Signature="
            + signature;
    return new Signature(canonicalRequest, stringToSign, signature, authorization);
  }

  private SigningKey signingKeyEntry(String secret, String date) {
    SigningKey cached = cachedKey.get();
    if (cached != null && cached.matches(secret, date)) {
      return cached;
    }
    byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    k = hmac(k, region);
    k = hmac(k, service);
    k = hmac(k, "aws4_request");
    SigningKey entry = new SigningKey(secret, date, k);
    cachedKey.set(entry);
    return entry;
  }

  private String payloadHash(HttpRequest request) {
    if (request.bodyLength() == 0) {
      return EMPTY_SHA256;
    }
    MessageDigest md = Digests.sha256();
    request.updateDigest(md);
    return hex(md.digest());
  }

  static String hostHeader(URI uri) {
    String host = uri.getHost();
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || ("https".equalsIgnoreCase(uri.getScheme()) && port == 443)
            || ("http".equalsIgnoreCase(uri.getScheme()) && port == 80);
    return defaultPort ? host : host + ":" + port;
  }

  /** S3: the raw path as sent, encoded once, not normalised. */
  private static String canonicalUri(URI uri) {
    String path = uri.getRawPath();
    return path == null || path.isEmpty() ? "/" : path;
  }

  /** Names and values decoded then strictly re-encoded; sorted by name, then value. */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      pairs.add(
          new String[] {
            PercentEncoding.encode(PercentEncoding.decode(name)),
            PercentEncoding.encode(PercentEncoding.decode(value))
          });
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    StringBuilder sb = new StringBuilder();
    for (String[] p : pairs) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(p[0]).append('=').append(p[1]);
    }
    return sb.toString();
  }

  /** Trims and collapses runs of spaces, as SigV4's Trimall. */
  static String trimAll(String value) {
    String v = value.strip();
    if (v.indexOf('\t') < 0 && !v.contains("  ")) {
      return v; // nothing to collapse: the common case, without a copy
    }
    StringBuilder sb = new StringBuilder(v.length());
    boolean space = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ' ' || c == '\t') {
        if (!space) {
          sb.append(' ');
        }
        space = true;
      } else {
        sb.append(c);
        space = false;
      }
    }
    return sb.toString();
  }

  static byte[] sha256(String s) {
    return Digests.sha256(s);
  }

  static byte[] hmac(byte[] key, String data) {
    return Digests.hmac("HmacSHA256", key, data);
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /** The intermediate values of one signature. */
  static final class Signature {
    final String canonicalRequest;
    final String stringToSign;
    final String signature;
    final String authorization;

    Signature(String canonicalRequest, String stringToSign, String signature, String auth) {
      this.canonicalRequest = canonicalRequest;
      this.stringToSign = stringToSign;
      this.signature = signature;
      this.authorization = auth;
    }
  }

  /** One cached derived key; the secret is compared, never printed. */
  private static final class SigningKey {
    private final String secret;
    private final String date;
    private final Digests.MacKey mac;

    SigningKey(String secret, String date, byte[] key) {
      this.secret = secret;
      this.date = date;
      this.mac = new Digests.MacKey("HmacSHA256", key);
    }

    boolean matches(String otherSecret, String otherDate) {
      return date.equals(otherDate) && secret.equals(otherSecret);
    }

    @Override
    public String toString() {
      return "SigningKey{date=" + date + "}";
    }
  }
}
