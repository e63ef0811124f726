package io.unipart;

import java.time.Duration;

/**
 * Hooks for metrics and tracing, as OkHttp's {@code EventListener} or AWS's {@code
 * MetricPublisher}: every HTTP attempt a client makes, every part and every whole transfer an
 * uploader runs, each reported once it is over. A client takes one with {@link
 * ClientBuilder#eventListener(UploadEventListener)} (attempts); an uploader with {@link
 * MultipartUploader.Builder#eventListener(UploadEventListener)} (parts and transfers). The default
 * is {@link #NONE}.
 *
 * <pre>{@code
 * UploadEventListener log = new UploadEventListener() {
 *   public void attemptFinished(AttemptEvent a) {
 *     if (a.retryReason() != null) log.info("{} {} retried: {}", a.dialect(), a.call(), a.retryReason());
 *   }
 * };
 * }</pre>
 *
 * <p>Calls come on the threads doing the work and must return quickly; a listener must be
 * thread-safe. An exception it throws is logged and the upload goes on. Events carry no header,
 * URL or body, so no credential or presigned signature reaches a listener.
 */
public interface UploadEventListener {
  /** Listens to nothing. */
  UploadEventListener NONE = new UploadEventListener() {};

  /**
   * One HTTP attempt ended: answered, or failed on the way.
   *
   * @param attempt what happened
   */
  default void attemptFinished(AttemptEvent attempt) {}

  /**
   * A call failed and will be tried again after a wait: sent before the wait, so a long retry is
   * visible while it lasts (the CLI prints one line for each wait of a second or more). Also
   * logged, at INFO for a wait of a second or more, else at DEBUG.
   *
   * @param retry what failed and how long the client waits
   */
  default void retryScheduled(RetryEvent retry) {}

  /**
   * One part of a transfer ended: acknowledged by the server, or failed after its retries.
   *
   * @param part what happened
   */
  default void partFinished(PartEvent part) {}

  /**
   * A transfer ended: completed, failed or cancelled.
   *
   * @param transfer what happened
   */
  default void transferFinished(TransferEvent transfer) {}

  /**
   * One HTTP attempt.
   *
   * @param dialect e.g. {@code s3}
   * @param call the call: {@code initiate}, {@code uploadPart}, {@code complete}, {@code abort},
   *     {@code listParts}, {@code listUploads}, {@code renewPartUrls}, {@code token}, ...
   * @param attempt 1 for the first
   * @param status the HTTP status, or -1 when no answer came (a network failure)
   * @param requestBytes the request body's length
   * @param responseBytes the answer's body length, or -1 when none came
   * @param duration from sending to the answer (or the failure)
   * @param retryReason why another attempt follows ({@code throttled}, {@code HTTP 503}, {@code
   *     SocketTimeoutException}, {@code credentials renewed}, {@code clock skew}), or null when
   *     this attempt was the last
   * @param error the provider's error code, or the network failure's exception class, or null
   */
  record AttemptEvent(String dialect, String call, int attempt, int status, long requestBytes,
      long responseBytes, Duration duration, String retryReason, String error) {}

  /**
   * A retry about to wait.
   *
   * @param dialect e.g. {@code cognite}
   * @param call the call, as in {@link AttemptEvent#call()}
   * @param reason what failed: {@code HTTP 502}, {@code throttled (SlowDown)}, or the network
   *     failure's exception class ({@code ConnectException}, {@code SocketTimeoutException})
   * @param retry which retry of its budget this is, from 1
   * @param of the budget the failure draws on: the policy's retries for errors ({@code
   *     maxAttempts - 1}), for connection failures ({@link
   *     io.unipart.RetryPolicy#maxConnectionRetries()}), or for throttling ({@link
   *     io.unipart.RetryPolicy#maxThrottledRetries()})
   * @param delay how long the client waits before it tries again
   */
  record RetryEvent(String dialect, String call, String reason, int retry, int of,
      Duration delay) {}

  /**
   * One part of a transfer.
   *
   * @param dialect e.g. {@code s3}
   * @param uploadId the upload
   * @param partNumber the part
   * @param bytes its size
   * @param duration from the first attempt to the acknowledgement or the failure
   * @param succeeded whether the server acknowledged it
   */
  record PartEvent(String dialect, String uploadId, int partNumber, long bytes, Duration duration,
      boolean succeeded) {}

  /**
   * A whole transfer.
   *
   * @param dialect e.g. {@code s3}
   * @param key the object key
   * @param uploadId the upload, or null when it never started
   * @param bytes the bytes the server acknowledged
   * @param parts the parts it holds
   * @param duration from start to the end
   * @param outcome how it ended
   */
  record TransferEvent(String dialect, String key, String uploadId, long bytes, int parts,
      Duration duration, Outcome outcome) {}

  /** How a transfer ended. */
  enum Outcome {
    /** Completed: the object exists. */
    COMPLETED,
    /** Failed; aborted or kept as the options said. */
    FAILED,
    /** Cancelled by the application. */
    CANCELLED
  }
}
