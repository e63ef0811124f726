package io.unipart;

import java.util.concurrent.CompletableFuture;

/**
 * Starts multipart uploads. Every dialect client implements it, so application code can depend on
 * this interface alone:
 *
 * <pre>{@code
 * try (MultipartInitiator s3 = S3MultipartClient.builder()
 *     .endpoint("https://s3.cn-north-1.jdcloud-oss.com").region("cn-north-1")
 *     .bucket("media")
 *     .credentials(AwsCredentials.of(accessKey, secretKey))
 *     .build()) {
 *   UploadSession session = s3.initiate(UploadRequest.builder()
 *       .key("videos/intro.mp4").contentType("video/mp4").build());
 * }
 * }</pre>
 *
 * <p>Implementations are thread-safe: build one client and share it. A client is bound to its
 * destination (bucket, project, app) when it is built. {@link #close()} releases the connections
 * and threads the client created; it does not close a transport the caller handed in.
 */
public interface MultipartInitiator extends AutoCloseable {

  /**
   * Starts a multipart upload, retrying transient failures as the client's {@link RetryPolicy}
   * allows.
   *
   * @param request what to upload; each dialect documents how the neutral fields map onto its wire
   *     format and rejects (never silently drops) those it cannot honour
   * @return the started session
   * @throws InvalidRequestException before any network call, when the request breaks a rule
   * @throws ServiceException when the provider answers with an error or a malformed body
   * @throws TransportException when the network fails or a timeout expires, after retries
   */
  UploadSession initiate(UploadRequest request);

  /**
   * Starts a multipart upload without blocking the caller. Validation errors complete the future
   * exceptionally too; they never throw from this method.
   *
   * @param request what to upload
   * @return a future completed with the session, or exceptionally with an {@link UploadException}
   */
  CompletableFuture<UploadSession> initiateAsync(UploadRequest request);

  /** Releases the connections and threads this client created. Idempotent. */
  @Override
  void close();
}
