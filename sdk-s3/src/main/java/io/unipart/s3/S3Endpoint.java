package io.unipart.s3;

import io.unipart.spi.PercentEncoding;
import io.unipart.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where requests go: scheme, host and port of the endpoint, and how a bucket is addressed
 * (virtual-hosted {@code bucket.host/key} or path-style {@code host/bucket/key}).
 */
final class S3Endpoint {
  private final String scheme;
  private final String host;
  private final int port;
  private final Boolean pathStyle;

  private S3Endpoint(String scheme, String host, int port, Boolean pathStyle) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.pathStyle = pathStyle;
  }

  /**
   * Parses {@code host}, {@code host:port} or {@code scheme://host[:port]}. No scheme means https;
   * plain http only when the endpoint says {@code http://}.
   */
  static S3Endpoint parse(String endpoint, Boolean pathStyle) {
    if (endpoint == null || endpoint.isBlank()) {
      throw new InvalidRequestException("endpoint", "is required");
    }
    String text = endpoint.trim();
    if (!text.contains("://")) {
      text = "https://" + text;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidRequestException("endpoint", "is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new InvalidRequestException("endpoint", "must use https or http (was " + scheme + ")");
    }
    if (uri.getHost() == null) {
      throw new InvalidRequestException("endpoint", "must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidRequestException("endpoint", "must not carry user info; use credentials");
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new InvalidRequestException("endpoint", "must be scheme://host[:port] only");
    }
    int port = uri.getPort();
    if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
      port = -1;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new S3Endpoint(scheme, host, port, pathStyle);
  }

  /** Bucket names S3-compatible stores accept: 1..255 of letters, digits, '.', '_' and '-'. */
  static void checkBucket(String bucket) {
    if (bucket == null || bucket.isEmpty()) {
      throw new InvalidRequestException("bucket", "is required");
    }
    if (bucket.length() > 255 || !bucket.matches("[A-Za-z0-9._-]+")) {
      throw new InvalidRequestException(
          "bucket", "must be 1..255 letters, digits, '.', '_' or '-' (was \"" + bucket + "\")");
    }
  }

  /** Whether {@code bucket} is addressed in the path rather than the host name. */
  boolean usesPathStyle(String bucket) {
    if (pathStyle != null) {
      return pathStyle;
    }
    return isIpOrLocal() || !isDnsCompatible(bucket) || (bucket.contains(".") && isHttps());
  }

  /** The URI for a key with a sub-resource query such as {@code uploads}. */
  URI objectUri(String bucket, String key, String rawQuery) {
    boolean path = usesPathStyle(bucket);
    if (!path && !isDnsCompatible(bucket)) {
      throw new InvalidRequestException(
          "bucket",
          "\"" + bucket + "\" is not a DNS name (3..63 lower-case letters, digits, '.', '-');"
              + " use path-style addressing");
    }
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    String authority = (path ? hostPart : bucket + "." + hostPart) + (port == -1 ? "" : ":" + port);
    String rawPath =
        (path ? "/" + PercentEncoding.encode(bucket) : "") + "/" + PercentEncoding.encodePath(key);
    return URI.create(
        scheme + "://" + authority + rawPath + (rawQuery == null ? "" : "?" + rawQuery));
  }

  boolean isHttps() {
    return scheme.equals("https");
  }

  @Override
  public String toString() {
    return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host)
        + (port == -1 ? "" : ":" + port);
  }

  private boolean isIpOrLocal() {
    return host.equals("localhost")
        || host.endsWith(".localhost")
        || host.contains(":")
        || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static boolean isDnsCompatible(String bucket) {
    return bucket.length() >= 3
        && bucket.length() <= 63
        && bucket.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")
        && !bucket.contains("..")
        && !bucket.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }
}
