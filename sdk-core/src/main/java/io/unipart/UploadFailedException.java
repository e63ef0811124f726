package io.unipart;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A whole upload failed (or was cancelled) after it started: a part or the completing call ran
 * out of retries. It says what became of the upload on the server: aborted, left for {@link
 * MultipartUploader#resume} from a checkpoint, or left because the dialect cannot abort. The cause
 * is the failure itself ({@link ServiceException}, {@link TransportException}, ...).
 *
 * <pre>{@code
 * try {
 *   uploader.upload(file, request);
 * } catch (UploadFailedException e) {
 *   e.aborted();        // true: the server freed the parts
 *   e.checkpoint();     // present: resume from here
 *   e.getCause();       // what went wrong
 * }
 * }</pre>
 */
public class UploadFailedException extends UploadException {
  private static final long serialVersionUID = 1L;

  /** The upload that failed (not serialized). */
  private final transient UploadSession session;

  /** Whether the server was told to free the parts, and agreed. */
  private final boolean aborted;

  /** Whether the upload stopped because it was cancelled. */
  private final boolean cancelled;

  /** Where to resume from (not serialized). */
  private final transient Path checkpoint;

  UploadFailedException(String message, Throwable cause, UploadSession session, boolean aborted,
      boolean cancelled, Path checkpoint) {
    super(message, cause, cause instanceof UploadException ? ((UploadException) cause).attempts()
        : 0);
    this.session = session;
    this.aborted = aborted;
    this.cancelled = cancelled;
    this.checkpoint = checkpoint;
  }

  /**
   * The upload that failed.
   *
   * @return the session
   */
  public UploadSession session() {
    return session;
  }

  /**
   * Whether the upload was aborted on the server.
   *
   * @return true when the server was told to free its parts and agreed
   */
  public boolean aborted() {
    return aborted;
  }

  /**
   * Whether the upload stopped because it was cancelled.
   *
   * @return true after {@link Transfer#cancel()}
   */
  public boolean cancelled() {
    return cancelled;
  }

  /**
   * The checkpoint to resume from, when one was kept and the upload was not aborted.
   *
   * @return the file
   */
  public Optional<Path> checkpoint() {
    return Optional.ofNullable(checkpoint);
  }
}
