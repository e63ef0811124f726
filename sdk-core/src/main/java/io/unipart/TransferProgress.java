package io.unipart;

/**
 * Where an upload stands after the server acknowledged one more part. Counts only bytes the
 * server confirmed, never bytes merely read or buffered.
 *
 * <pre>{@code
 * p.partNumber();        // the part just acknowledged
 * p.transferredBytes();  // sum of acknowledged parts, including any found on resume
 * p.totalBytes();        // -1 while a stream's length is unknown
 * }</pre>
 *
 * @param key the object key or file name being uploaded
 * @param partNumber the part just acknowledged
 * @param partBytes its size
 * @param transferredBytes the bytes the server has acknowledged so far
 * @param totalBytes the size of the whole upload, or -1 while a stream's length is unknown
 * @param completedParts the parts acknowledged so far
 */
public record TransferProgress(String key, int partNumber, long partBytes, long transferredBytes,
    long totalBytes, int completedParts) {

  @Override
  public String toString() {
    return "TransferProgress{" + key + ", part " + partNumber + " (" + partBytes + " B), "
        + transferredBytes + "/" + totalBytes + " B, " + completedParts + " parts}";
  }
}
