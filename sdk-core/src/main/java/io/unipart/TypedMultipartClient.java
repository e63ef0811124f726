package io.unipart;

import java.util.concurrent.CompletableFuture;

/**
 * A {@link MultipartClient} that also starts uploads from its dialect's typed request, which
 * carries the options only that dialect has (storage class, encryption, external id, ...).
 *
 * <pre>{@code
 * S3MultipartClient s3 = ...;   // a TypedMultipartClient<S3InitiateRequest>
 * UploadSession session = s3.initiate(S3InitiateRequest.builder(upload)
 *     .storageClass("STANDARD_IA").build());
 * }</pre>
 *
 * @param <R> the dialect's typed request
 */
public interface TypedMultipartClient<R extends DialectRequest> extends MultipartClient {

  /**
   * Starts a multipart upload with every option the dialect has.
   *
   * @param request the typed request, checked when it was built
   * @return the started session
   * @throws InvalidRequestException before any network call, when a rule is broken
   * @throws ServiceException when the provider answers with an error or a malformed body
   * @throws TransportException when the network fails or a timeout expires, after retries
   */
  UploadSession initiate(R request);

  /**
   * Like {@link #initiate(DialectRequest)}, on the client's async executor.
   *
   * @param request the typed request
   * @return a future completed with the session, or exceptionally with an {@link UploadException}
   */
  CompletableFuture<UploadSession> initiateAsync(R request);
}
