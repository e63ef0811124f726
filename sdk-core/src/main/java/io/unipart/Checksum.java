package io.unipart;

/**
 * An integrity checksum as a provider states it: the algorithm's name ({@code CRC32}, {@code
 * CRC32C}, {@code CRC64NVME}, {@code SHA256} for S3; {@code CRC64ECMA} for COS) and the value in
 * the provider's own form (S3: base64 of the big-endian bytes, {@code -N} appended for a
 * composite of N parts; COS: the unsigned decimal). Each part's is taken locally as it is sent and
 * checked against the server's; the object's is checked at complete.
 *
 * <pre>{@code
 * result.checksum().ifPresent(c -> log.info("{} {}", c.algorithm(), c.value()));
 * }</pre>
 *
 * @param algorithm the algorithm's name, e.g. {@code CRC32}
 * @param value the value as the provider writes it, e.g. {@code "NSRBwg=="}
 */
public record Checksum(String algorithm, String value) {
  /**
   * Checks both parts.
   *
   * @throws InvalidRequestException when either is empty
   */
  public Checksum {
    if (algorithm == null || algorithm.isBlank()) {
      throw new InvalidRequestException("checksum.algorithm", "must not be empty");
    }
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException("checksum.value", "must not be empty");
    }
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
    return new Checksum(algorithm, value);
  }

  @Override
  public String toString() {
    return algorithm + ":" + value;
  }
}
