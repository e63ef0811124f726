package io.unipart.spi;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An HTTP response as a transport hands it back: status, headers and the whole (size-capped) body.
 * Immutable.
 *
 * <pre>{@code
 * HttpResponse response = HttpResponse.builder(200)
 *     .header("x-amz-request-id", "4442587FB7D0A2F9")
 *     .body("<InitiateMultipartUploadResult>...".getBytes(StandardCharsets.UTF_8))
 *     .build();
 * }</pre>
 */
public final class HttpResponse {
  private final int status;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  private HttpResponse(Builder b) {
    this.status = b.status;
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    b.headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
    this.headers = Collections.unmodifiableMap(h);
    this.body = b.body;
  }

  /**
   * Starts a response.
   *
   * @param status the HTTP status
   * @return a builder
   */
  public static Builder builder(int status) {
    return new Builder(status);
  }

  /**
   * The status.
   *
   * @return the HTTP status
   */
  public int status() {
    return status;
  }

  /**
   * Whether the status is 2xx.
   *
   * @return true for 200..299
   */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /**
   * All headers.
   *
   * @return an unmodifiable map of case-insensitive names to their values
   */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /**
   * The first value of a header.
   *
   * @param name the name, any case
   * @return the value, or null
   */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * A copy of the body.
   *
   * @return the bytes, possibly empty
   */
  public byte[] body() {
    return body.clone();
  }

  /**
   * The body size.
   *
   * @return the number of body bytes
   */
  public int bodyLength() {
    return body.length;
  }

  /**
   * The body as UTF-8 text (malformed bytes replaced).
   *
   * @return the text
   */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The start of the body as one printable line, for error messages.
   *
   * @param max the most characters to keep
   * @return the snippet, control characters replaced by spaces
   */
  public String bodySnippet(int max) {
    String text = bodyText();
    StringBuilder sb = new StringBuilder(Math.min(text.length(), max));
    for (int i = 0; i < text.length() && sb.length() < max; i++) {
      char c = text.charAt(i);
      sb.append(Character.isISOControl(c) || c == '\uFFFD' ? ' ' : c);
    }
    String s = sb.toString().trim().replaceAll(" {2,}", " ");
    return text.length() > max ? s + "..." : s;
  }

  @Override
  public String toString() {
    return "HttpResponse{status=" + status + ", headers=" + headers.keySet() + ", body="
        + body.length + "B}";
  }

  /** Builds an {@link HttpResponse}. Not thread-safe. */
  public static final class Builder {
    private final int status;
    private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private byte[] body = new byte[0];

    private Builder(int status) {
      this.status = status;
    }

    /**
     * Adds a header value.
     *
     * @param name the name
     * @param value the value
     */
    public Builder header(String name, String value) {
      headers
          .computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new java.util.ArrayList<>())
          .add(Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Sets the body. The array is kept, not copied.
     *
     * @param body the bytes, or null for none
     */
    public Builder body(byte[] body) {
      this.body = body == null ? new byte[0] : body;
      return this;
    }

    /**
     * Builds the response.
     *
     * @return the response
     */
    public HttpResponse build() {
      return new HttpResponse(this);
    }
  }
}
