package io.unipart.s3;

import io.unipart.internal.BaseUrl;
import io.unipart.internal.PercentEncoding;
import io.unipart.InvalidRequestException;
import io.unipart.internal.xml.XmlMultipartProtocol;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where requests go: scheme, host and port of the endpoint, and how a bucket is addressed
 * (virtual-hosted {@code bucket.host/key} or path-style {@code host/bucket/key}).
 */
final class S3Endpoint implements XmlMultipartProtocol.Endpoint {
  /** Compiled once: {@code String.matches} would compile the pattern on every call. */
  private static final Pattern BUCKET_CHARS = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern DNS_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]*[a-z0-9]");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final BaseUrl base;
  private final Boolean pathStyle;

  private S3Endpoint(BaseUrl base, Boolean pathStyle) {
    this.base = base;
    this.pathStyle = pathStyle;
  }

  /**
   * Parses {@code host}, {@code host:port} or {@code scheme://host[:port]}. No scheme means https;
   * plain http only when the endpoint says {@code http://}.
   */
  static S3Endpoint parse(String endpoint, Boolean pathStyle) {
    return of(BaseUrl.parse("endpoint", endpoint), pathStyle);
  }

  static S3Endpoint of(BaseUrl endpoint, Boolean pathStyle) {
    return new S3Endpoint(endpoint.requireNoPath("endpoint"), pathStyle);
  }

  /** Bucket names S3-compatible stores accept: 1..255 of letters, digits, '.', '_' and '-'. */
  static void checkBucket(String bucket) {
    if (bucket == null || bucket.isEmpty()) {
      throw new InvalidRequestException("bucket", "is required");
    }
    if (bucket.length() > 255 || !BUCKET_CHARS.matcher(bucket).matches()) {
      throw new InvalidRequestException(
          "bucket", "must be 1..255 letters, digits, '.', '_' or '-' (was \"" + bucket + "\")");
    }
  }

  /** Whether {@code bucket} is addressed in the path rather than the host name. */
  boolean usesPathStyle(String bucket) {
    if (pathStyle != null) {
      return pathStyle;
    }
    return base.isIpOrLocalhost()
        || !isDnsCompatible(bucket)
        || (bucket.contains(".") && base.scheme().equals("https"));
  }

  /** The URI for a key with a sub-resource query such as {@code uploads}. */
  @Override
  public URI objectUri(String bucket, String key, String rawQuery) {
    boolean path = addressing(bucket);
    String rawPath =
        (path ? "/" + PercentEncoding.encode(bucket) : "") + "/" + PercentEncoding.encodePath(key);
    return base.resolve(path ? null : bucket, rawPath, rawQuery);
  }

  /** Path-style (true) or virtual-host; refuses a bucket that cannot be a host name. */
  private boolean addressing(String bucket) {
    boolean path = usesPathStyle(bucket);
    if (!path && !isDnsCompatible(bucket)) {
      throw new InvalidRequestException(
          "bucket",
          "\"" + bucket + "\" is not a DNS name (3..63 lower-case letters, digits, '.', '-');"
              + " use path-style addressing");
    }
    return path;
  }

  /** Whether this is AWS itself ({@code *.amazonaws.com}, {@code *.amazonaws.com.cn}). */
  boolean isAws() {
    String host = base.host().toLowerCase(java.util.Locale.ROOT);
    return host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn");
  }

  /** The bucket's own URI with a query, such as {@code uploads} to list uploads. */
  @Override
  public URI bucketUri(String bucket, String rawQuery) {
    boolean path = addressing(bucket);
    return base.resolve(path ? null : bucket, path ? "/" + PercentEncoding.encode(bucket) : "/",
        rawQuery);
  }

  @Override
  public String toString() {
    return base.toString();
  }

  private static boolean isDnsCompatible(String bucket) {
    return bucket.length() >= 3
        && bucket.length() <= 63
        && DNS_BUCKET.matcher(bucket).matches()
        && !bucket.contains("..")
        && !IPV4.matcher(bucket).matches();
  }
}
