package io.unipart;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Every timeout a client applies. None is ever infinite: an attempt that does not finish within
 * {@link #attempt()} fails, and an optional {@link #deadline()} bounds a whole call, retries and
 * backoff included.
 *
 * <pre>{@code
 * Timeouts timeouts = Timeouts.builder()
 *     .connect(Duration.ofSeconds(5))
 *     .deadline(Duration.ofSeconds(30))   // the whole initiate, retries included
 *     .build();
 * }</pre>
 *
 * <p>Defaults: connect 10 s, read 60 s, write 60 s, attempt 2 min, no deadline beyond that.
 * Connect, read and write apply to the transport unipart creates; a caller-supplied {@code
 * OkHttpClient} keeps its own, but the attempt timeout and the deadline always apply.
 */
public final class Timeouts {
  private static final Timeouts DEFAULTS = builder().build();

  private final Duration connect;
  private final Duration read;
  private final Duration write;
  private final Duration attempt;
  private final Duration deadline;

  private Timeouts(Builder b) {
    this.connect = b.connect;
    this.read = b.read;
    this.write = b.write;
    this.attempt = b.attempt;
    this.deadline = b.deadline;
  }

  /**
   * The defaults.
   *
   * @return connect 10 s, read 60 s, write 60 s, attempt 2 min, no deadline
   */
  public static Timeouts defaults() {
    return DEFAULTS;
  }

  /**
   * Starts from the defaults.
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
    b.connect = connect;
    b.read = read;
    b.write = write;
    b.attempt = attempt;
    b.deadline = deadline;
    return b;
  }

  /**
   * Time to establish a connection.
   *
   * @return the connect timeout
   */
  public Duration connect() {
    return connect;
  }

  /**
   * Longest silence while reading a response.
   *
   * @return the read timeout
   */
  public Duration read() {
    return read;
  }

  /**
   * Longest stall while writing a request.
   *
   * @return the write timeout
   */
  public Duration write() {
    return write;
  }

  /**
   * Upper bound for one attempt, from connecting to the last byte of the response body.
   *
   * @return the attempt timeout
   */
  public Duration attempt() {
    return attempt;
  }

  /**
   * Upper bound for a whole call, retries and backoff included.
   *
   * @return the deadline, or empty when only the per-attempt bound applies
   */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Timeouts)) {
      return false;
    }
    Timeouts t = (Timeouts) o;
    return connect.equals(t.connect)
        && read.equals(t.read)
        && write.equals(t.write)
        && attempt.equals(t.attempt)
        && Objects.equals(deadline, t.deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(connect, read, write, attempt, deadline);
  }

  @Override
  public String toString() {
    return "Timeouts{connect="
        + connect
        + ", read="
        + read
        + ", write="
        + write
        + ", attempt="
        + attempt
        + ", deadline="
        + deadline
        + '}';
  }

  /** Builds {@link Timeouts}. Every value must be positive. Not thread-safe. */
  public static final class Builder {
    private Duration connect = Duration.ofSeconds(10);
    private Duration read = Duration.ofSeconds(60);
    private Duration write = Duration.ofSeconds(60);
    private Duration attempt = Duration.ofMinutes(2);
    private Duration deadline;

    private Builder() {}

    /**
     * Sets the connect timeout.
     *
     * @param connect a positive duration
     */
    public Builder connect(Duration connect) {
      this.connect = positive("timeouts.connect", connect);
      return this;
    }

    /**
     * Sets the read timeout.
     *
     * @param read a positive duration
     */
    public Builder read(Duration read) {
      this.read = positive("timeouts.read", read);
      return this;
    }

    /**
     * Sets the write timeout.
     *
     * @param write a positive duration
     */
    public Builder write(Duration write) {
      this.write = positive("timeouts.write", write);
      return this;
    }

    /**
     * Sets the bound for one attempt.
     *
     * @param attempt a positive duration
     */
    public Builder attempt(Duration attempt) {
      this.attempt = positive("timeouts.attempt", attempt);
      return this;
    }

    /**
     * Sets the bound for a whole call, retries included.
     *
     * @param deadline a positive duration, or null for none
     */
    public Builder deadline(Duration deadline) {
      this.deadline = deadline == null ? null : positive("timeouts.deadline", deadline);
      return this;
    }

    /**
     * Builds the value.
     *
     * @return the timeouts
     */
    public Timeouts build() {
      return new Timeouts(this);
    }

    static Duration positive(String field, Duration d) {
      if (d == null) {
        throw new InvalidRequestException(field, "must not be null");
      }
      if (d.isNegative() || d.isZero()) {
        throw new InvalidRequestException(field, "must be positive (was " + d + ")");
      }
      return d;
    }
  }
}
