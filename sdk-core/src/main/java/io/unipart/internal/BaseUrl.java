package io.unipart.internal;

import io.unipart.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A service's base URL as a user configures it: {@code host}, {@code host:port} or {@code
 * scheme://host[:port][/prefix]}. Without a scheme it is https; plain http only when the URL says
 * {@code http://}. Default ports are dropped, so the {@code Host} header matches what every HTTP
 * client sends.
 *
 * <pre>{@code
 * BaseUrl base = BaseUrl.parse("endpoint", "https://s3.example.com:8443");
 * URI uri = base.resolve(null, "/bucket/key", "uploads");
 * }</pre>
 */
public final class BaseUrl {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.\\d{1,3}){3}");

  private final String scheme;
  private final String host;
  private final int port;
  private final String path;
  /** Worked out once here, not on every request: the host after any prefix, with the port. */
  private final String hostAndPort;
  private final boolean ipOrLocalhost;
  private final boolean loopback;

  private BaseUrl(String scheme, String host, int port, String path) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.path = path;
    this.hostAndPort = (host.contains(":") ? "[" + host + "]" : host)
        + (port == -1 ? "" : ":" + port);
    boolean localhost = host.equals("localhost") || host.endsWith(".localhost");
    this.ipOrLocalhost = localhost || host.contains(":") || IPV4.matcher(host).matches();
    this.loopback = localhost
        || host.equals("::1")
        || host.equals("0:0:0:0:0:0:0:1")
        || LOOPBACK_IPV4.matcher(host).matches();
  }

  /**
   * Parses a base URL.
   *
   * @param field the setting's name, for errors
   * @param text the URL text
   * @return the base URL
   * @throws InvalidRequestException when it is not an http(s) URL with a host, or carries user
   *     info, a query or a fragment
   */
  public static BaseUrl parse(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidRequestException(field, "is required");
    }
    String t = text.trim();
    if (!t.contains("://")) {
      t = "https://" + t;
    }
    URI uri;
    try {
      uri = new URI(t);
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(field, "is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new InvalidRequestException(field, "must use https or http (was " + scheme + ")");
    }
    if (uri.getHost() == null) {
      throw new InvalidRequestException(field, "must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidRequestException(field, "must not carry user info; use credentials");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new InvalidRequestException(field, "must not have a query or fragment");
    }
    int port = uri.getPort();
    if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
      port = -1;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new BaseUrl(scheme, host, port, path);
  }

  /**
   * Refuses a path prefix, for services addressed at the root.
   *
   * @param field the setting's name, for errors
   * @return this
   */
  public BaseUrl requireNoPath(String field) {
    if (!path.isEmpty()) {
      throw new InvalidRequestException(field, "must be scheme://host[:port] only");
    }
    return this;
  }

  /**
   * A URI under this base.
   *
   * @param hostPrefix a label put before the host ({@code bucket.} style), or null
   * @param rawPath the encoded path after any prefix, starting with {@code /}
   * @param rawQuery the encoded query, or null
   * @return the URI
   */
  public URI resolve(String hostPrefix, String rawPath, String rawQuery) {
    String authority = hostPrefix == null ? hostAndPort : hostPrefix + "." + hostAndPort;
    return URI.create(
        scheme + "://" + authority + path + rawPath + (rawQuery == null ? "" : "?" + rawQuery));
  }

  /**
   * The scheme.
   *
   * @return {@code https} or {@code http}
   */
  public String scheme() {
    return scheme;
  }

  /**
   * The host, lower case, IPv6 without brackets.
   *
   * @return the host
   */
  public String host() {
    return host;
  }

  /**
   * Whether the host is an IP literal or {@code localhost}, which cannot take a subdomain.
   *
   * @return true for IPs and localhost
   */
  public boolean isIpOrLocalhost() {
    return ipOrLocalhost;
  }

  /**
   * Whether the host is this machine: {@code localhost} (and {@code *.localhost}), 127.0.0.0/8 or
   * {@code ::1}.
   *
   * @return true for loopback hosts
   */
  public boolean isLoopback() {
    return loopback;
  }

  /**
   * Refuses plain http to another machine, where credentials would cross the network in clear.
   *
   * @param field the setting's name, for errors
   * @param allowPlainHttp whether the caller opted in
   * @return this
   */
  public BaseUrl requireSecure(String field, boolean allowPlainHttp) {
    if (scheme.equals("http") && !isLoopback() && !allowPlainHttp) {
      throw new InvalidRequestException(
          field,
          "uses plain http to " + host + ", which would send credentials in clear; use https, or"
              + " opt in with allowPlainHttp(true)");
    }
    return this;
  }

  @Override
  public String toString() {
    return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host)
        + (port == -1 ? "" : ":" + port) + path;
  }
}
