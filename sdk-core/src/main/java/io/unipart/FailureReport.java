package io.unipart;

import java.nio.file.Path;

/**
 * What becomes of an upload that failed or was cancelled after it started: aborted where the
 * dialect can and the options want it (the checkpoint then goes), otherwise kept, and the
 * exception says which, in words and in {@link UploadFailedException#aborted()}.
 */
final class FailureReport {
  private FailureReport() {}

  /**
   * Aborts or keeps the upload, and describes it.
   *
   * @param held the parts the server acknowledged
   * @return the exception to throw
   */
  static UploadFailedException settle(MultipartClient client, UploadCapabilities caps,
      TransferOptions options, UploadSession session, Throwable cause, boolean cancelled,
      int held) {
    String what = "upload of \"" + session.key() + "\" (" + session.dialect() + " upload "
        + session.uploadId() + ") "
        + (cancelled ? "was cancelled" : "failed: " + cause.getMessage());
    Path checkpoint = options.checkpoint().orElse(null);
    boolean aborted = false;
    String disposition;
    UploadException abortFailure = null;
    if (options.abortOnFailure() && caps.canAbort()) {
      boolean wasInterrupted = Thread.interrupted();
      try {
        client.abort(session);
        aborted = true;
        disposition = "the upload was aborted and the server freed its parts";
        if (checkpoint != null) {
          TransferRun.deleteQuietly(checkpoint);
        }
      } catch (UploadException e) {
        abortFailure = e;
        disposition = "aborting it failed too (" + e.getMessage() + "); "
            + (checkpoint != null ? "resume or abort it with the checkpoint at " + checkpoint
                : "it may keep " + held + " parts until the bucket's lifecycle rule removes"
                    + " them");
      } finally {
        if (wasInterrupted) {
          Thread.currentThread().interrupt();
        }
      }
    } else if (!caps.canAbort()) {
      disposition = session.dialect() + " cannot abort uploads; the " + held
          + " parts sent stay on the server";
    } else if (checkpoint != null) {
      disposition = "it was kept for resume: the checkpoint at " + checkpoint + " lists the "
          + held + " parts on the server";
    } else {
      disposition = "it was not aborted (abortOnFailure is off): upload " + session.uploadId()
          + " holds " + held + " parts";
    }
    UploadFailedException e = new UploadFailedException(what + "; " + disposition, cause,
        session, aborted, cancelled, aborted ? null : checkpoint);
    if (abortFailure != null) {
      e.addSuppressed(abortFailure);
    }
    return e;
  }
}
