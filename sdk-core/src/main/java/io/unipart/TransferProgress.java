package io.unipart;

/**
 * Where an upload stands after the server acknowledged one more part. Counts only bytes the
 * server confirmed, never bytes merely read or buffered. Immutable.
 *
 * <pre>{@code
 * p.partNumber();        // the part just acknowledged
 * p.transferredBytes();  // sum of acknowledged parts, including any found on resume
 * p.totalBytes();        // -1 while a stream's length is unknown
 * }</pre>
 */
public final class TransferProgress {
  private final String key;
  private final int partNumber;
  private final long partBytes;
  private final long transferredBytes;
  private final long totalBytes;
  private final int completedParts;

  TransferProgress(String key, int partNumber, long partBytes, long transferredBytes,
      long totalBytes, int completedParts) {
    this.key = key;
    this.partNumber = partNumber;
    this.partBytes = partBytes;
    this.transferredBytes = transferredBytes;
    this.totalBytes = totalBytes;
    this.completedParts = completedParts;
  }

  /**
   * The object key or file name being uploaded.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * The part just acknowledged.
   *
   * @return its number
   */
  public int partNumber() {
    return partNumber;
  }

  /**
   * The size of the part just acknowledged.
   *
   * @return bytes
   */
  public long partBytes() {
    return partBytes;
  }

  /**
   * The bytes the server has acknowledged so far.
   *
   * @return bytes
   */
  public long transferredBytes() {
    return transferredBytes;
  }

  /**
   * The size of the whole upload.
   *
   * @return bytes, or -1 when the source is a stream of unknown length
   */
  public long totalBytes() {
    return totalBytes;
  }

  /**
   * The parts acknowledged so far.
   *
   * @return the count
   */
  public int completedParts() {
    return completedParts;
  }

  @Override
  public String toString() {
    return "TransferProgress{" + key + ", part " + partNumber + " (" + partBytes + " B), "
        + transferredBytes + "/" + totalBytes + " B, " + completedParts + " parts}";
  }
}
