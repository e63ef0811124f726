package io.unipart;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * An upload running in the background, started by {@link MultipartUploader#start}: wait for it,
 * watch it, or cancel it.
 *
 * <pre>{@code
 * Transfer t = uploader.start(file, request, TransferOptions.defaults());
 * cancelButton.onClick(t::cancel);
 * UploadResult result = t.join();   // or t.future().thenAccept(...)
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Transfer {
  private final TransferRun run;
  private final CompletableFuture<UploadResult> future;

  Transfer(TransferRun run, CompletableFuture<UploadResult> future) {
    this.run = run;
    this.future = future;
  }

  /**
   * Waits for the upload to finish.
   *
   * @return the finished object
   * @throws UploadFailedException when it failed or was cancelled after it started
   * @throws UploadException when it could not start (bad input, initiate refused)
   */
  public UploadResult join() {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new TransportException("interrupted while waiting for the upload", e, 0, false);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException(cause);
    } catch (CancellationException e) {
      throw new IllegalStateException("the transfer's future was cancelled", e);
    }
  }

  /**
   * Completes with the result, or exceptionally as {@link #join()} would throw. A copy: completing
   * or cancelling it does not touch the upload (use {@link #cancel()}).
   *
   * @return the future
   */
  public CompletableFuture<UploadResult> future() {
    return future.copy();
  }

  /**
   * Stops the upload: no new parts start, parts being sent stop mid-body, and the upload is
   * aborted or kept for resume as the {@link TransferOptions} say. {@link #join()} then throws an
   * {@link UploadFailedException} whose {@link UploadFailedException#cancelled()} is true. Does
   * nothing once the upload finished.
   */
  public void cancel() {
    run.cancel();
  }

  /**
   * Whether the upload finished, failed or was cancelled.
   *
   * @return true when {@link #join()} would not block
   */
  public boolean isDone() {
    return future.isDone();
  }

  /**
   * The session, once the upload has started on the server.
   *
   * @return the session
   */
  public Optional<UploadSession> session() {
    return Optional.ofNullable(run.session());
  }
}
