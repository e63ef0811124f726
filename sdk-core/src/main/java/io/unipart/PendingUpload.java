package io.unipart;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An upload the server still holds open: started, neither completed nor aborted. Its parts are
 * stored (and billed) until one of the two happens, so orphans, left by a process that died
 * without a checkpoint, are worth finding. {@link MultipartClient#listUploads(String)} lists
 * them where the dialect can; {@link #session()} is enough to abort one.
 *
 * <pre>{@code
 * Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
 * for (PendingUpload u : s3.listUploads("videos/")) {
 *   if (u.initiated().map(t -> t.isBefore(dayAgo)).orElse(false)) {
 *     s3.abort(u.session());
 *   }
 * }
 * }</pre>
 *
 * <p>Immutable.
 */
public final class PendingUpload {
  private final String dialect;
  private final String destination;
  private final String key;
  private final String uploadId;
  private final Instant initiated;

  private PendingUpload(String dialect, String destination, String key, String uploadId,
      Instant initiated) {
    this.dialect = dialect;
    this.destination = destination;
    this.key = key;
    this.uploadId = uploadId;
    this.initiated = initiated;
  }

  /**
   * An upload as a listing showed it.
   *
   * @param dialect the dialect id
   * @param destination the bucket
   * @param key the object key
   * @param uploadId the upload id
   * @param initiated when it started, or null when the listing did not say
   * @return the upload
   */
  public static PendingUpload of(String dialect, String destination, String key, String uploadId,
      Instant initiated) {
    return new PendingUpload(Objects.requireNonNull(dialect, "dialect"),
        Objects.requireNonNull(destination, "destination"), Objects.requireNonNull(key, "key"),
        Objects.requireNonNull(uploadId, "uploadId"), initiated);
  }

  /**
   * The object key.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * The upload id.
   *
   * @return the id
   */
  public String uploadId() {
    return uploadId;
  }

  /**
   * When the upload started.
   *
   * @return the time, when the listing gave one in a form unipart reads
   */
  public Optional<Instant> initiated() {
    return Optional.ofNullable(initiated);
  }

  /**
   * A session for this upload, enough to {@link MultipartClient#abort abort} it or list its
   * parts (not to resume it: that needs its checkpoint, which knows the part size and source).
   *
   * @return the session
   */
  public UploadSession session() {
    return UploadSession.builder().dialect(dialect).destination(destination).key(key)
        .uploadId(uploadId).initiatedAt(initiated == null ? Instant.EPOCH : initiated).build();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PendingUpload)) {
      return false;
    }
    PendingUpload p = (PendingUpload) o;
    return dialect.equals(p.dialect) && destination.equals(p.destination) && key.equals(p.key)
        && uploadId.equals(p.uploadId) && Objects.equals(initiated, p.initiated);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dialect, destination, key, uploadId, initiated);
  }

  @Override
  public String toString() {
    return "PendingUpload{" + dialect + " " + destination + "/" + key + ", uploadId=" + uploadId
        + (initiated == null ? "" : ", initiated=" + initiated) + '}';
  }
}
