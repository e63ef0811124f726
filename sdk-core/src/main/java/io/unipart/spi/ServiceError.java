package io.unipart.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a dialect's {@link ErrorClassifier} makes of a provider's "no": immutable, built with
 * {@link #builder(int)}. The request executor decides from it whether to retry, and turns the last
 * one into a {@link io.unipart.ServiceException}.
 *
 * <pre>{@code
 * ServiceError error = ServiceError.builder(503)
 *     .code("SlowDown").message("Please reduce your request rate.")
 *     .requestId(response.header("x-amz-request-id"))
 *     .retryable(true).throttling(true)
 *     .build();
 * }</pre>
 */
public final class ServiceError {

  /** How users are expected to branch on an error; picks the exception type. */
  public enum Kind {
    /** Any other provider error. */
    SERVICE,
    /** Bad or expired credentials, bad signature, access denied. */
    AUTHENTICATION,
    /** The object exists and overwriting was not asked for. */
    CONFLICT,
    /** The upload is not on the server (aborted, completed, expired). */
    UPLOAD_NOT_FOUND,
    /** The provider says the client's clock is off; the executor corrects it and retries once. */
    CLOCK_SKEW,
    /** A success status whose body is not what the dialect documents. */
    MALFORMED_RESPONSE
  }

  private final int httpStatus;
  private final String code;
  private final String message;
  private final String requestId;
  private final Map<String, String> details;
  private final boolean retryable;
  private final boolean throttling;
  private final Kind kind;

  private ServiceError(Builder b) {
    this.httpStatus = b.httpStatus;
    this.code = b.code;
    this.message = b.message == null ? "HTTP " + b.httpStatus : b.message;
    this.requestId = b.requestId;
    this.details = Collections.unmodifiableMap(new LinkedHashMap<>(b.details));
    this.retryable = b.retryable || b.throttling;
    this.throttling = b.throttling;
    this.kind = b.kind;
  }

  /**
   * Starts an error for an HTTP status.
   *
   * @param httpStatus the status the provider answered
   * @return a builder
   */
  public static Builder builder(int httpStatus) {
    return new Builder(httpStatus);
  }

  /**
   * A copy that can be changed.
   *
   * @return a builder holding this error's values
   */
  public Builder toBuilder() {
    Builder b = new Builder(httpStatus);
    b.code = code;
    b.message = message;
    b.requestId = requestId;
    b.details.putAll(details);
    b.retryable = retryable;
    b.throttling = throttling;
    b.kind = kind;
    return b;
  }

  /**
   * The HTTP status.
   *
   * @return the status code
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * The provider's error code.
   *
   * @return the code, or null
   */
  public String code() {
    return code;
  }

  /**
   * The provider's message or unipart's description.
   *
   * @return the message, never null
   */
  public String message() {
    return message;
  }

  /**
   * The provider's request id.
   *
   * @return the request id, or null
   */
  public String requestId() {
    return requestId;
  }

  /**
   * Further provider fields.
   *
   * @return an unmodifiable map
   */
  public Map<String, String> details() {
    return details;
  }

  /**
   * Whether retrying may help.
   *
   * @return true when retryable (throttling is always retryable)
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Whether the provider throttled the call.
   *
   * @return true for throttling
   */
  public boolean throttling() {
    return throttling;
  }

  /**
   * How users branch on it.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * One line for exception messages and logs: status, code, message, request id.
   *
   * @return the description
   */
  public String describe() {
    StringBuilder sb = new StringBuilder("HTTP ").append(httpStatus);
    if (code != null) {
      sb.append(' ').append(code);
    }
    sb.append(": ").append(message);
    if (requestId != null) {
      sb.append(" (request id ").append(requestId).append(')');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "ServiceError{" + describe() + ", kind=" + kind + ", retryable=" + retryable + '}';
  }

  /** Builds a {@link ServiceError}. Not thread-safe. */
  public static final class Builder {
    private final int httpStatus;
    private String code;
    private String message;
    private String requestId;
    private final Map<String, String> details = new LinkedHashMap<>();
    private boolean retryable;
    private boolean throttling;
    private Kind kind = Kind.SERVICE;

    private Builder(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /**
     * Sets the provider's error code.
     *
     * @param code the code; blank is treated as absent
     */
    public Builder code(String code) {
      this.code = blankToNull(code);
      return this;
    }

    /**
     * Sets the message.
     *
     * @param message the message; blank is treated as absent
     */
    public Builder message(String message) {
      this.message = blankToNull(message);
      return this;
    }

    /**
     * Sets the request id.
     *
     * @param requestId the id; blank is treated as absent
     */
    public Builder requestId(String requestId) {
      this.requestId = blankToNull(requestId);
      return this;
    }

    /**
     * Adds a provider field; blank values are skipped.
     *
     * @param name the field name
     * @param value the value
     */
    public Builder detail(String name, String value) {
      if (blankToNull(value) != null) {
        details.put(Objects.requireNonNull(name, "name"), value);
      }
      return this;
    }

    /**
     * Marks the error retryable.
     *
     * @param retryable whether retrying may help
     */
    public Builder retryable(boolean retryable) {
      this.retryable = retryable;
      return this;
    }

    /**
     * Marks the error as throttling (which implies retryable).
     *
     * @param throttling whether the provider throttled the call
     */
    public Builder throttling(boolean throttling) {
      this.throttling = throttling;
      return this;
    }

    /**
     * Sets how users branch on it.
     *
     * @param kind the kind
     */
    public Builder kind(Kind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Builds the error.
     *
     * @return the error
     */
    public ServiceError build() {
      return new ServiceError(this);
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s;
    }
  }
}
