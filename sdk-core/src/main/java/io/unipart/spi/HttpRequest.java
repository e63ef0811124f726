package io.unipart.spi;

import io.unipart.PartContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An HTTP request as unipart builds, signs and sends it: immutable, free of any HTTP library's
 * types. The URI is sent as it is: its raw path and query are exactly what goes on the wire (and
 * what a signer signs).
 *
 * <pre>{@code
 * HttpRequest request = HttpRequest.builder("POST", URI.create("https://b.s3.example.com/k?uploads"))
 *     .header("Content-Type", "video/mp4")
 *     .build();
 * }</pre>
 *
 * <p>Header names are case-insensitive; one value per name. {@link #toString()} shows header names
 * only, never values, so credentials cannot leak through it.
 */
public final class HttpRequest {
  private static final byte[] EMPTY = new byte[0];

  private final String method;
  private final URI uri;
  private final Map<String, String> headers;
  private final byte[] body;
  private final PartContent content;
  private final String operation;

  private HttpRequest(String method, URI uri, TreeMap<String, String> headers, byte[] body,
      PartContent content, String operation) {
    this.operation = operation;
    this.method = method;
    this.uri = uri;
    // A sorted view, so toBuilder() and withHeaders() copy it in one linear pass.
    this.headers = Collections.unmodifiableSortedMap(headers);
    this.body = body;
    this.content = content;
  }

  private HttpRequest(Builder b) {
    this(b.method, b.uri, new TreeMap<>(b.headers), b.body, b.content, b.operation);
  }

  /**
   * Starts a request.
   *
   * @param method the HTTP method, upper case
   * @param uri the absolute URI, path and query already percent-encoded as they must be sent
   * @return a builder
   */
  public static Builder builder(String method, URI uri) {
    return new Builder(method, uri);
  }

  /**
   * A copy with headers set, each replacing any header of the same name in any case: the same as
   * {@code toBuilder().header(..)...build()} with one copy of the headers instead of two, for a
   * signer's hot path.
   *
   * @param namesAndValues name, value, name, value...
   * @return the copy
   */
  public HttpRequest withHeaders(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    TreeMap<String, String> h = new TreeMap<>((java.util.SortedMap<String, String>) headers);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      String name = Objects.requireNonNull(namesAndValues[i], "name");
      String value = Objects.requireNonNull(namesAndValues[i + 1], "value of " + name);
      if (h.put(name, value) != null) {
        h.remove(name); // the old spelling of the name stayed as the key: take this one
        h.put(name, value);
      }
    }
    return new HttpRequest(method, uri, h, body, content, operation);
  }

  /**
   * A copy that can be changed.
   *
   * @return a builder holding this request's values
   */
  public Builder toBuilder() {
    Builder b = new Builder(method, uri);
    b.headers.putAll(headers);
    b.body = body;
    b.content = content;
    b.operation = operation;
    return b;
  }

  /**
   * The call this request makes, for events and metrics: a stable name such as {@code
   * initiate}, {@code uploadPart} or {@code complete}; the method when none was given.
   *
   * @return the operation
   */
  public String operation() {
    return operation != null ? operation : method;
  }

  /**
   * The method.
   *
   * @return e.g. {@code POST}
   */
  public String method() {
    return method;
  }

  /**
   * The URI, sent as it is.
   *
   * @return the URI
   */
  public URI uri() {
    return uri;
  }

  /**
   * The headers (case-insensitive names, sorted).
   *
   * @return an unmodifiable map
   */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * One header.
   *
   * @param name the name, any case
   * @return the value, or null
   */
  public String header(String name) {
    return headers.get(name);
  }

  /**
   * The body size.
   *
   * @return the number of body bytes
   */
  public long bodyLength() {
    return content != null ? content.length() : body.length;
  }

  /**
   * A copy of the body. A streamed body is read whole: for tests and small bodies only.
   *
   * @return the body bytes, possibly empty
   */
  public byte[] body() {
    if (content == null) {
      return body.clone();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      content.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * Feeds the body to a digest without copying it (a streamed body is read once more).
   *
   * @param digest the digest to update
   */
  public void updateDigest(MessageDigest digest) {
    if (content != null) {
      content.digest(digest);
    } else {
      digest.update(body);
    }
  }

  /**
   * Writes the body.
   *
   * @param out where to write
   * @throws IOException when reading or writing fails
   */
  public void writeBody(OutputStream out) throws IOException {
    if (content != null) {
      content.writeTo(out);
    } else {
      out.write(body);
    }
  }

  /**
   * The streamed body, when the request has one.
   *
   * @return the content set with {@link Builder#body(PartContent)}, or null for an in-memory body
   */
  public PartContent streamedBody() {
    return content;
  }

  /**
   * The in-memory body itself, not a copy, for a transport to send without copying it again. A
   * transport must not change it.
   *
   * @return the bytes; empty when the body is streamed ({@link #streamedBody()})
   */
  public byte[] bodyBytes() {
    return body;
  }

  @Override
  public String toString() {
    return method
        + " "
        + uri.getScheme()
        + "://"
        + uri.getRawAuthority()
        + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?<query>")
        + " headers="
        + headers.keySet()
        + " body="
        + bodyLength()
        + "B";
  }

  /** Builds an {@link HttpRequest}. Not thread-safe. */
  public static final class Builder {
    private final String method;
    private final URI uri;
    private final TreeMap<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private byte[] body = EMPTY;
    private PartContent content;
    private String operation;

    private Builder(String method, URI uri) {
      this.method = Objects.requireNonNull(method, "method");
      this.uri = Objects.requireNonNull(uri, "uri");
      if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
        throw new IllegalArgumentException("uri must be absolute with a host: " + uri);
      }
    }

    /**
     * Sets a header, replacing any value it had.
     *
     * @param name the name
     * @param value the value
     */
    public Builder header(String name, String value) {
      headers.remove(Objects.requireNonNull(name, "name"));
      headers.put(name, Objects.requireNonNull(value, "value of " + name));
      return this;
    }

    /**
     * Removes a header.
     *
     * @param name the name, any case
     */
    public Builder removeHeader(String name) {
      headers.remove(name);
      return this;
    }

    /**
     * Sets the body. The array is kept, not copied: do not change it afterwards.
     *
     * @param body the bytes, or null for none
     */
    public Builder body(byte[] body) {
      this.body = body == null ? EMPTY : body;
      this.content = null;
      return this;
    }

    /**
     * Sets a streamed body: read from its source each time the request is sent (or hashed), never
     * held whole in memory.
     *
     * @param content the part's bytes
     */
    public Builder body(PartContent content) {
      this.content = Objects.requireNonNull(content, "content");
      this.body = EMPTY;
      return this;
    }

    /**
     * Names the call, for events and metrics.
     *
     * @param operation e.g. {@code uploadPart}
     */
    public Builder operation(String operation) {
      this.operation = operation;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public HttpRequest build() {
      return new HttpRequest(this);
    }
  }
}
