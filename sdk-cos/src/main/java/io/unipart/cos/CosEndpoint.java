package io.unipart.cos;

import io.unipart.internal.BaseUrl;
import io.unipart.internal.PercentEncoding;
import io.unipart.InvalidRequestException;
import io.unipart.internal.xml.XmlMultipartProtocol;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Where a bucket's requests go: {@code https://<bucket>.cos.<region>.myqcloud.com} by default; an
 * override names another domain (the bucket is put in front of it unless it is already there, or
 * the host is an IP address or localhost).
 */
final class CosEndpoint implements XmlMultipartProtocol.Endpoint {
  /** Compiled once: {@code String.matches} would compile the pattern on every call. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9](?:[a-z0-9-]*[a-z0-9])?-[0-9]{5,}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

  private final BaseUrl base;
  private final String bucket;

  private CosEndpoint(BaseUrl base, String bucket) {
    this.base = base;
    this.bucket = bucket;
  }

  static CosEndpoint of(String region, String bucket, String override) {
    return of(region, bucket, override == null ? null : BaseUrl.parse("endpoint", override));
  }

  static CosEndpoint of(String region, String bucket, BaseUrl override) {
    BaseUrl base =
        override == null
            ? BaseUrl.parse("region", "https://cos." + region + ".myqcloud.com")
            : override.requireNoPath("endpoint");
    return new CosEndpoint(base, bucket);
  }

  /** {@code <name>-<APPID>}: lower-case letters, digits and '-', at most 50 characters. */
  static void checkBucket(String bucket) {
    if (bucket == null || bucket.isEmpty()) {
      throw new InvalidRequestException("bucket", "is required");
    }
    if (bucket.length() > 50
        || !BUCKET.matcher(bucket).matches()) {
      throw new InvalidRequestException(
          "bucket",
          "must be <name>-<APPID>, e.g. examplebucket-1250000000: lower-case letters, digits and"
              + " '-', at most 50 characters (was \"" + bucket + "\")");
    }
  }

  static void checkRegion(String region) {
    if (region == null || region.isEmpty()) {
      throw new InvalidRequestException("region", "is required");
    }
    if (!REGION.matcher(region).matches()) {
      throw new InvalidRequestException(
          "region", "must be a COS region such as ap-beijing (was \"" + region + "\")");
    }
  }

  /** Refuses a bucket other than the one this endpoint is for (a session of another client). */
  @Override
  public URI objectUri(String sessionBucket, String key, String rawQuery) {
    if (!bucket.equals(sessionBucket)) {
      throw new InvalidRequestException(
          "session", "belongs to bucket " + sessionBucket + "; this client is bound to " + bucket);
    }
    return objectUri(key, rawQuery);
  }

  @Override
  public URI bucketUri(String sessionBucket, String rawQuery) {
    return objectUri(sessionBucket, "", rawQuery);
  }

  URI objectUri(String key, String rawQuery) {
    boolean prefix = !base.isIpOrLocalhost() && !base.host().startsWith(bucket + ".");
    return base.resolve(prefix ? bucket : null, "/" + PercentEncoding.encodePath(key), rawQuery);
  }

  @Override
  public String toString() {
    return base.toString();
  }
}
