package io.unipart;

import io.unipart.internal.FieldChecks;
import io.unipart.internal.HttpDates;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an object store keeps with the object and serves back on GET (Cache-Control,
 * Content-Disposition, Content-Encoding, Expires), and the object's tags, which travel URL-encoded
 * in the store's tagging header. S3 and COS take it on their typed requests:
 *
 * <pre>{@code
 * S3InitiateRequest request = S3InitiateRequest.builder(upload)
 *     .objectHeaders(ObjectHeaders.builder()
 *         .cacheControl("max-age=86400")
 *         .contentDisposition("attachment; filename=\"intro.mp4\"")
 *         .tag("project", "launch")
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>Immutable. {@link Builder#build()} checks what holds on every store: header values are
 * printable US-ASCII without CR or LF, tag keys are not empty, tags are well-formed UTF-8. Each
 * dialect checks its own limits (tag count and lengths) when its request is built.
 */
public final class ObjectHeaders {
  /** No headers and no tags: what a request carries unless told otherwise. */
  public static final ObjectHeaders NONE = builder().build();

  private final String cacheControl;
  private final String contentDisposition;
  private final String contentEncoding;
  private final String expires;
  private final Map<String, String> tags;

  private ObjectHeaders(Builder b) {
    this.cacheControl = b.cacheControl;
    this.contentDisposition = b.contentDisposition;
    this.contentEncoding = b.contentEncoding;
    this.expires = b.expires;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
  }

  /**
   * Starts an empty builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A copy that can be changed.
   *
   * @return a builder holding these values
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.cacheControl = cacheControl;
    b.contentDisposition = contentDisposition;
    b.contentEncoding = contentEncoding;
    b.expires = expires;
    b.tags.putAll(tags);
    return b;
  }

  /**
   * The {@code Cache-Control} the object is served with.
   *
   * @return e.g. {@code max-age=86400}, or empty
   */
  public Optional<String> cacheControl() {
    return Optional.ofNullable(cacheControl);
  }

  /**
   * The {@code Content-Disposition} the object is served with.
   *
   * @return e.g. {@code attachment; filename="a.mp4"}, or empty
   */
  public Optional<String> contentDisposition() {
    return Optional.ofNullable(contentDisposition);
  }

  /**
   * The {@code Content-Encoding} the object is served with.
   *
   * @return e.g. {@code gzip}, or empty
   */
  public Optional<String> contentEncoding() {
    return Optional.ofNullable(contentEncoding);
  }

  /**
   * The {@code Expires} the object is served with, as header text.
   *
   * @return e.g. {@code Sun, 01 Dec 2030 16:00:00 GMT}, or empty
   */
  public Optional<String> expires() {
    return Optional.ofNullable(expires);
  }

  /**
   * The object's tags, in the order they were added.
   *
   * @return an unmodifiable map, empty when there are none
   */
  public Map<String, String> tags() {
    return tags;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ObjectHeaders)) {
      return false;
    }
    ObjectHeaders h = (ObjectHeaders) o;
    return Objects.equals(cacheControl, h.cacheControl)
        && Objects.equals(contentDisposition, h.contentDisposition)
        && Objects.equals(contentEncoding, h.contentEncoding)
        && Objects.equals(expires, h.expires)
        && tags.equals(h.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cacheControl, contentDisposition, contentEncoding, expires, tags);
  }

  /** Names what is set; tag values are left out. */
  @Override
  public String toString() {
    return "ObjectHeaders{"
        + (cacheControl == null ? "" : "cacheControl=" + cacheControl + ", ")
        + (contentDisposition == null ? "" : "contentDisposition=" + contentDisposition + ", ")
        + (contentEncoding == null ? "" : "contentEncoding=" + contentEncoding + ", ")
        + (expires == null ? "" : "expires=" + expires + ", ")
        + "tags=" + tags.keySet() + '}';
  }

  /** Builds {@link ObjectHeaders}. Not thread-safe. */
  public static final class Builder {
    private String cacheControl;
    private String contentDisposition;
    private String contentEncoding;
    private String expires;
    private final Map<String, String> tags = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Caching rules for whoever serves the object.
     *
     * @param cacheControl e.g. {@code max-age=86400}, or null for none
     */
    public Builder cacheControl(String cacheControl) {
      this.cacheControl = cacheControl;
      return this;
    }

    /**
     * How a browser presents the object.
     *
     * @param contentDisposition e.g. {@code attachment; filename="a.mp4"}, or null for none
     */
    public Builder contentDisposition(String contentDisposition) {
      this.contentDisposition = contentDisposition;
      return this;
    }

    /**
     * The encoding the bytes are already in; the store does not apply it.
     *
     * @param contentEncoding e.g. {@code gzip}, or null for none
     */
    public Builder contentEncoding(String contentEncoding) {
      this.contentEncoding = contentEncoding;
      return this;
    }

    /**
     * When cached copies expire, sent as an HTTP date.
     *
     * @param expires the instant, or null for none
     */
    public Builder expires(Instant expires) {
      this.expires = expires == null ? null : HttpDates.format(expires);
      return this;
    }

    /**
     * When cached copies expire, as header text sent unchanged.
     *
     * @param expires e.g. {@code Sun, 01 Dec 2030 16:00:00 GMT}, or null for none
     */
    public Builder expires(String expires) {
      this.expires = expires;
      return this;
    }

    /**
     * Adds a tag; a key added again takes the new value.
     *
     * @param key a non-empty key
     * @param value a value, possibly empty
     * @throws InvalidRequestException when the key or value is null
     */
    public Builder tag(String key, String value) {
      if (key == null || value == null) {
        throw new InvalidRequestException("tags", "keys and values must not be null");
      }
      tags.put(key, value);
      return this;
    }

    /**
     * Checks the values and builds.
     *
     * @return the headers
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public ObjectHeaders build() {
      FieldChecks.headerValue("cacheControl", cacheControl);
      FieldChecks.headerValue("contentDisposition", contentDisposition);
      FieldChecks.headerValue("contentEncoding", contentEncoding);
      FieldChecks.headerValue("expires", expires);
      for (Map.Entry<String, String> e : tags.entrySet()) {
        if (e.getKey().isEmpty()) {
          throw new InvalidRequestException("tags", "keys must not be empty");
        }
        FieldChecks.utf8("tags[" + e.getKey() + "]", e.getKey() + e.getValue());
      }
      return new ObjectHeaders(this);
    }
  }
}
