package io.unipart;

import java.util.Objects;

/**
 * An integrity checksum as a provider states it: the algorithm's name ({@code CRC32}, {@code
 * CRC32C}, {@code CRC64NVME}, {@code SHA256} for S3; {@code CRC64ECMA} for COS) and the value in
 * the provider's own form (S3: base64 of the big-endian bytes, {@code -N} appended for a
 * composite of N parts; COS: the unsigned decimal). Each part's is taken locally as it is sent and
 * checked against the server's; the object's is checked at complete. Immutable.
 *
 * <pre>{@code
 * result.checksum().ifPresent(c -> log.info("{} {}", c.algorithm(), c.value()));
 * }</pre>
 */
public final class Checksum {
  private final String algorithm;
  private final String value;

  private Checksum(String algorithm, String value) {
    this.algorithm = algorithm;
    this.value = value;
  }

  /**
   * A checksum.
   *
   * @param algorithm the algorithm's name
   * @param value the value as the provider writes it
   * @return the checksum
   * @throws InvalidRequestException when either is empty
   */
  public static Checksum of(String algorithm, String value) {
    if (algorithm == null || algorithm.isBlank()) {
      throw new InvalidRequestException("checksum.algorithm", "must not be empty");
    }
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException("checksum.value", "must not be empty");
    }
    return new Checksum(algorithm, value);
  }

  /**
   * The algorithm.
   *
   * @return e.g. {@code CRC32}
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * The value, in the provider's form.
   *
   * @return e.g. {@code "NSRBwg=="}
   */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checksum && algorithm.equals(((Checksum) o).algorithm)
        && value.equals(((Checksum) o).value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(algorithm, value);
  }

  @Override
  public String toString() {
    return algorithm + ":" + value;
  }
}
