package io.unipart;

/**
 * Told each time the server acknowledges a part. Calls come one at a time, in the order the parts
 * were acknowledged, so {@link TransferProgress#transferredBytes()} only grows; keep the work done
 * here short, as the next part's report waits for it. An exception thrown here is logged and does
 * not stop the upload.
 *
 * <pre>{@code
 * ProgressListener bar = p -> System.err.printf("%d/%d bytes%n",
 *     p.transferredBytes(), p.totalBytes());
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {

  /** Reports nothing. */
  ProgressListener NONE = progress -> {};

  /**
   * One more part is on the server.
   *
   * @param progress where the upload stands
   */
  void onProgress(TransferProgress progress);
}
