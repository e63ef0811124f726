package io.unipart;

/**
 * The server's checksum of a part or of the finished object differs from the one unipart computed
 * from the bytes it sent (S3's flexible checksums, COS's {@code x-cos-hash-crc64ecma}): the bytes
 * were changed on the way, or the source changed while it was read. The upload fails; a part is
 * not retried, since the same source would give the same answer.
 *
 * <pre>{@code
 * catch (ChecksumMismatchException e) {
 *   log.error("{}: server {} vs local {}", e.getMessage(), e.serverValue(), e.localValue());
 * }
 * }</pre>
 */
public class ChecksumMismatchException extends UploadException {
  private static final long serialVersionUID = 1L;

  /** The checksum's algorithm. */
  private final String algorithm;
  /** The value unipart computed. */
  private final String localValue;
  /** The value the server stated. */
  private final String serverValue;

  /**
   * Creates the exception.
   *
   * @param what the part or object, e.g. {@code part 3}
   * @param algorithm the checksum's algorithm
   * @param localValue what unipart computed
   * @param serverValue what the server stated
   */
  public ChecksumMismatchException(String what, String algorithm, String localValue,
      String serverValue) {
    super(what + ": the server's " + algorithm + " is " + serverValue + " but the bytes sent give "
        + localValue, null, 1);
    this.algorithm = algorithm;
    this.localValue = localValue;
    this.serverValue = serverValue;
  }

  /**
   * The checksum's algorithm.
   *
   * @return e.g. {@code CRC32}
   */
  public String algorithm() {
    return algorithm;
  }

  /**
   * The checksum unipart computed.
   *
   * @return the value, in the provider's form
   */
  public String localValue() {
    return localValue;
  }

  /**
   * The checksum the server stated.
   *
   * @return the value, in the provider's form
   */
  public String serverValue() {
    return serverValue;
  }
}
