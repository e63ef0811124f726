package io.unipart;

import java.net.URI;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one part of an upload goes, when the provider hands out part URLs at initiate time
 * (Cognite, the presigned dialect). Immutable.
 *
 * <pre>{@code
 * for (PartTarget part : session.parts()) {
 *   http.put(part.url(), slice(part.partNumber()));   // no credentials: the URL carries them
 * }
 * }</pre>
 *
 * <p>Part numbers follow the provider: most start at 1, RUM sourcemap chunks at 0. The URL usually
 * carries a signature, so {@link #toString()} leaves its query string out.
 */
public final class PartTarget {
  private final int partNumber;
  private final URI url;
  private final Instant expiresAt;
  private final Map<String, String> headers;

  private PartTarget(Builder b) {
    this.partNumber = b.partNumber;
    this.url = b.url;
    this.expiresAt = b.expiresAt;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
  }

  /**
   * A target with no expiry and no extra headers.
   *
   * @param partNumber the provider's part number, at least 0
   * @param url the absolute http(s) URL to send the part to
   * @return the target
   */
  public static PartTarget of(int partNumber, URI url) {
    return builder().partNumber(partNumber).url(url).build();
  }

  /**
   * Starts a target.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The provider's number for this part.
   *
   * @return at least 0
   */
  public int partNumber() {
    return partNumber;
  }

  /**
   * The absolute URL to send the part to.
   *
   * @return the URL
   */
  public URI url() {
    return url;
  }

  /**
   * When the URL stops working.
   *
   * @return the expiry, or empty when the provider did not say
   */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * Headers the part request must carry (for URLs signed over them).
   *
   * @return an unmodifiable map, usually empty
   */
  public Map<String, String> headers() {
    return headers;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PartTarget)) {
      return false;
    }
    PartTarget p = (PartTarget) o;
    return partNumber == p.partNumber
        && url.equals(p.url)
        && Objects.equals(expiresAt, p.expiresAt)
        && headers.equals(p.headers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partNumber, url, expiresAt, headers);
  }

  @Override
  public String toString() {
    String safe = url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath();
    return "PartTarget{partNumber="
        + partNumber
        + ", url="
        + safe
        + (url.getRawQuery() == null ? "" : "?<redacted>")
        + (expiresAt == null ? "" : ", expiresAt=" + expiresAt)
        + '}';
  }

  /** Builds a {@link PartTarget}. Not thread-safe. */
  public static final class Builder {
    private int partNumber = -1;
    private URI url;
    private Instant expiresAt;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets the part number.
     *
     * @param partNumber at least 0
     */
    public Builder partNumber(int partNumber) {
      this.partNumber = partNumber;
      return this;
    }

    /**
     * Sets the URL.
     *
     * @param url an absolute http(s) URL
     */
    public Builder url(URI url) {
      this.url = url;
      return this;
    }

    /**
     * Sets the expiry.
     *
     * @param expiresAt when the URL stops working, or null
     */
    public Builder expiresAt(Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /**
     * Adds a header the part request must carry.
     *
     * @param name the header name
     * @param value the header value
     */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Builds the target.
     *
     * @return the target
     * @throws InvalidRequestException when the number is negative or the URL is not absolute
     *     http(s)
     */
    public PartTarget build() {
      if (partNumber < 0) {
        throw new InvalidRequestException("partNumber", "must be >= 0 (was " + partNumber + ")");
      }
      if (url == null) {
        throw new InvalidRequestException("url", "must not be null");
      }
      String scheme = url.getScheme();
      if (!url.isAbsolute()
          || url.getHost() == null
          || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
        throw new InvalidRequestException("url", "must be an absolute http(s) URL with a host");
      }
      return new PartTarget(this);
    }
  }
}
