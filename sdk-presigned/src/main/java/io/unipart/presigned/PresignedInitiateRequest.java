package io.unipart.presigned;

import io.unipart.DialectRequest;
import io.unipart.DialectRequestBuilder;
import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import io.unipart.internal.FieldChecks;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The body of {@code POST /api/projects/{projectId}/uploads/multipart}: the neutral {@link
 * UploadRequest} (its key is the {@code fileName}, its content type the {@code mimeType}, its
 * length the {@code contentLength}, sent as a string of digits as the API documents, and its part
 * count, or its length and part size, the {@code partsNumber}) plus what only this API has: the
 * newer {@code enableDuplicateCheck}, {@code fileHash} and {@code presignedUrlExpiryTimeHours},
 * and another project. Metadata and {@code overwrite} have no counterpart and are refused.
 * Immutable.
 *
 * <pre>{@code
 * PresignedInitiateRequest request = PresignedInitiateRequest.builder(UploadRequest.builder()
 *         .key("intro.mp4").contentType("video/mp4")
 *         .contentLength(734_003_200L).partSize(64L << 20)   // partsNumber 11 follows
 *         .build())
 *     .presignedUrlExpiryTimeHours(24)
 *     .build();
 * }</pre>
 *
 * <p>Rules: {@code partsNumber} at least 1, given as the part count or computed from the content
 * length and a part size; the content type a MIME type; {@code presignedUrlExpiryTimeHours}
 * 1..168; {@code fileHash} required when the duplicate check is on.
 */
public final class PresignedInitiateRequest extends DialectRequest {
  private final int partsNumber;
  private final Boolean enableDuplicateCheck;
  private final String fileHash;
  private final Integer expiryHours;
  private final Long partSize;
  private final String projectId;

  private PresignedInitiateRequest(Builder b, int partsNumber, Long partSize) {
    super(b.upload());
    this.partsNumber = partsNumber;
    this.enableDuplicateCheck = b.enableDuplicateCheck;
    this.fileHash = b.fileHash;
    this.expiryHours = b.expiryHours;
    this.partSize = partSize;
    this.projectId = b.projectId;
  }

  /**
   * Starts a request from the neutral one, adding this API's fields.
   *
   * @param upload the file name (key), mime type, length, part plan and deadline
   * @return a builder
   */
  public static Builder builder(UploadRequest upload) {
    return new Builder(upload);
  }

  /**
   * How long the part URLs stay valid.
   *
   * @return hours, or empty for the provider's default
   */
  public OptionalInt presignedUrlExpiryTimeHours() {
    return expiryHours == null ? OptionalInt.empty() : OptionalInt.of(expiryHours);
  }

  /**
   * A project overriding the client's for this call.
   *
   * @return the project id, or empty for the client's
   */
  public Optional<String> projectId() {
    return Optional.ofNullable(projectId);
  }

  /** The planned part count, sent as {@code partsNumber}. */
  int partsNumber() {
    return partsNumber;
  }

  /** The planned part size, when the length is known. */
  OptionalLong plannedPartSize() {
    return partSize == null ? OptionalLong.empty() : OptionalLong.of(partSize);
  }

  PresignedBodies.Init body() {
    return new PresignedBodies.Init(partsNumber, upload().key(),
        upload().contentLength().isPresent()
            ? String.valueOf(upload().contentLength().getAsLong()) : null,
        upload().contentType().orElse(null), enableDuplicateCheck, fileHash, expiryHours);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PresignedInitiateRequest)) {
      return false;
    }
    PresignedInitiateRequest r = (PresignedInitiateRequest) o;
    return upload().equals(r.upload()) && body().equals(r.body())
        && Objects.equals(projectId, r.projectId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(upload(), body(), projectId);
  }

  @Override
  public String toString() {
    return "PresignedInitiateRequest{" + upload() + ", partsNumber=" + partsNumber + '}';
  }

  /** Builds a {@link PresignedInitiateRequest}. Not thread-safe. */
  public static final class Builder extends DialectRequestBuilder<Builder> {
    private Boolean enableDuplicateCheck;
    private String fileHash;
    private Integer expiryHours;
    private String projectId;

    private Builder(UploadRequest upload) {
      super(upload);
    }

    /**
     * Asks the provider to refuse a file it already has (by hash).
     *
     * @param enable whether to check
     */
    public Builder enableDuplicateCheck(boolean enable) {
      this.enableDuplicateCheck = enable;
      return this;
    }

    /**
     * The file's hash, required with the duplicate check.
     *
     * @param fileHash the hash
     */
    public Builder fileHash(String fileHash) {
      this.fileHash = fileHash;
      return this;
    }

    /**
     * How long the part URLs stay valid; the parts' expiries follow.
     *
     * @param hours 1..168
     */
    public Builder presignedUrlExpiryTimeHours(int hours) {
      this.expiryHours = hours;
      return this;
    }

    /**
     * Overrides the client's project for this call.
     *
     * @param projectId the project id, or null
     */
    public Builder projectId(String projectId) {
      this.projectId = projectId;
      return this;
    }

    /**
     * Checks the rules and builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public PresignedInitiateRequest build() {
      UploadRequest upload = upload();
      if (upload.key().isBlank()) {
        throw new InvalidRequestException("key", "is the file name: it must not be blank");
      }
      FieldChecks.utf8("key", upload.key());
      FieldChecks.noControlCharacters("key", upload.key());
      if (!upload.metadata().isEmpty()) {
        throw new InvalidRequestException("metadata", "cannot be set: this API keeps no metadata");
      }
      if (upload.overwrite().isPresent()) {
        throw new InvalidRequestException("overwrite", "cannot be set: this API has no such"
            + " option; use enableDuplicateCheck");
      }
      String mimeType = upload.contentType().orElse(null);
      if (mimeType != null && !mimeType.contains("/")) {
        throw new InvalidRequestException("contentType", "must be a MIME type such as video/mp4");
      }
      if (expiryHours != null && (expiryHours < 1 || expiryHours > 168)) {
        throw new InvalidRequestException(
            "presignedUrlExpiryTimeHours", "must be 1..168 (was " + expiryHours + ")");
      }
      if (Boolean.TRUE.equals(enableDuplicateCheck) && (fileHash == null || fileHash.isBlank())) {
        throw new InvalidRequestException("fileHash", "is required when enableDuplicateCheck is on");
      }
      if (projectId != null) {
        PresignedMultipartClient.checkProjectId(projectId);
      }
      return plan();
    }

    /** partsNumber: the part count as given, or computed from the length and part size. */
    private PresignedInitiateRequest plan() {
      UploadRequest upload = upload();
      Long length = upload.contentLength().isPresent() ? upload.contentLength().getAsLong() : null;
      if (upload.partCount().isPresent()) {
        int count = upload.partCount().getAsInt();
        Long size = length == null ? null : Math.max(1, (length + count - 1) / count);
        return new PresignedInitiateRequest(this, count, size);
      }
      if (upload.partSize().isEmpty() || length == null) {
        throw new InvalidRequestException("partCount", "is required (it is the partsNumber); or"
            + " give contentLength and partSize, and it is computed");
      }
      long partSize = upload.partSize().getAsLong();
      long count = Math.max(1, (length + partSize - 1) / partSize);
      if (count > Integer.MAX_VALUE) {
        throw new InvalidRequestException("partSize", "makes too many parts (" + count + ")");
      }
      return new PresignedInitiateRequest(this, (int) count, partSize);
    }
  }
}
