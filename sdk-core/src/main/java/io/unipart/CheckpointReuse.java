package io.unipart;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an upload does when the checkpoint file it is told to keep is already there: the trace of
 * an earlier run that was killed (SIGKILL, power loss) before it could finish or abort. Starting
 * a new upload would overwrite that checkpoint and leave the first upload open on the server,
 * billed and forgotten. So a checkpoint that holds an upload of the same dialect and key (and, for
 * an upload the caller started, the same upload id) is resumed: the source is checked part by
 * part against it, exactly as {@link MultipartUploader#resume} does, and only the missing parts
 * are sent. Anything else is refused before any network call, naming resume and abort, and the
 * file is left as it is. Decided from the local file alone.
 */
final class CheckpointReuse {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUploader.class);

  private CheckpointReuse() {}

  /**
   * How the upload begins, given what its checkpoint file holds.
   *
   * @param dialect the uploader's dialect
   * @param start how the caller asked it to begin
   * @param options the upload's options (its checkpoint file, if any)
   * @return {@code start}, or a resume of the checkpoint already there
   * @throws InvalidRequestException when a checkpoint is there that this upload must not touch
   */
  static TransferPlan.Start resolve(String dialect, TransferPlan.Start start,
      TransferOptions options) {
    Path path = options.checkpoint().orElse(null);
    if (path == null || !exists(path)) {
      return start;
    }
    UploadCheckpoint found;
    try {
      found = UploadCheckpoint.read(path);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException("checkpoint", path + " already exists and cannot be"
          + " read as a checkpoint (" + e.getMessage() + "). Nothing was sent and the file was"
          + " left as it is: move it away, or name another checkpoint file");
    }
    UploadSession held = found.session();
    if (start.checkpoint() != null) {
      // A resume told to save its progress into another upload's checkpoint file.
      if (!held.uploadId().equals(start.checkpoint().session().uploadId())
          || !held.dialect().equals(start.checkpoint().session().dialect())) {
        throw refused(path, found, "the upload being resumed is another one ("
            + start.checkpoint().session().uploadId() + ")");
      }
      return start;
    }
    String key = start.request() != null ? start.request().key() : start.started().key();
    if (!held.dialect().equals(dialect)) {
      throw refused(path, found, "this uploader speaks " + dialect);
    }
    if (!held.key().equals(key)) {
      throw refused(path, found, "this upload is of key \"" + key + "\"");
    }
    if (start.started() != null && !start.started().uploadId().equals(held.uploadId())) {
      throw refused(path, found, "the session given is another upload ("
          + start.started().uploadId() + ", left as it is)");
    }
    LOG.info("{}: the checkpoint {} already holds upload {} of \"{}\" with {} parts recorded:"
        + " resuming it instead of starting another", dialect, path, held.uploadId(),
        held.key(), found.parts().size());
    return TransferPlan.Start.resume(found);
  }

  private static InvalidRequestException refused(Path path, UploadCheckpoint found, String why) {
    UploadSession held = found.session();
    return new InvalidRequestException("checkpoint", path + " already holds " + held.dialect()
        + " upload " + held.uploadId() + " of \"" + held.key() + "\" (" + found.parts().size()
        + " parts recorded), but " + why + ". Nothing was sent and the checkpoint was left as"
        + " it is: finish that upload with resume, abort it with abort, or name another"
        + " checkpoint file");
  }

  private static boolean exists(Path path) {
    return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
  }
}
