package io.unipart.presigned;

import io.unipart.internal.FieldChecks;
import io.unipart.internal.JsonCodecs;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipart.InvalidRequestException;
import io.unipart.UploadRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The body of {@code POST /api/projects/{projectId}/uploads/multipart}: {@code partsNumber},
 * {@code fileName}, {@code contentLength} (sent as a string of digits, as the API documents),
 * {@code mimeType}, and the newer {@code enableDuplicateCheck}, {@code fileHash} and {@code
 * presignedUrlExpiryTimeHours}. Immutable.
 *
 * <pre>{@code
 * PresignedInitiateRequest request = PresignedInitiateRequest.builder()
 *     .fileName("intro.mp4").mimeType("video/mp4")
 *     .contentLength(734_003_200L).partSize(64L << 20)   // partsNumber 11 follows
 *     .presignedUrlExpiryTimeHours(24)
 *     .build();
 * }</pre>
 *
 * <p>Rules: {@code partsNumber} at least 1, given or computed from the content length and a part
 * size; {@code fileName} required; {@code contentLength} a non-negative whole number; {@code
 * presignedUrlExpiryTimeHours} 1..168; {@code fileHash} required when the duplicate check is on.
 */
public final class PresignedInitiateRequest {
  private final int partsNumber;
  private final String fileName;
  private final Long contentLength;
  private final String mimeType;
  private final Boolean enableDuplicateCheck;
  private final String fileHash;
  private final Integer expiryHours;
  private final Long partSize;
  private final String projectId;
  private final Duration deadline;

  private PresignedInitiateRequest(Builder b, int partsNumber, Long partSize) {
    this.partsNumber = partsNumber;
    this.fileName = b.fileName;
    this.contentLength = b.contentLength;
    this.mimeType = b.mimeType;
    this.enableDuplicateCheck = b.enableDuplicateCheck;
    this.fileHash = b.fileHash;
    this.expiryHours = b.expiryHours;
    this.partSize = partSize;
    this.projectId = b.projectId;
    this.deadline = b.deadline;
  }

  /**
   * Starts a request.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Maps the neutral request: {@code key} is the {@code fileName}, {@code contentType} the
   * {@code mimeType}, and the part count, or the content length with a part size, gives {@code
   * partsNumber}. Metadata and {@code overwrite} have no place in this API and are rejected.
   *
   * @param request the neutral request
   * @return the presigned request
   */
  public static PresignedInitiateRequest from(UploadRequest request) {
    Objects.requireNonNull(request, "request");
    if (!request.metadata().isEmpty()) {
      throw new InvalidRequestException("metadata", "cannot be set: this API keeps no metadata");
    }
    if (request.overwrite().isPresent()) {
      throw new InvalidRequestException("overwrite", "cannot be set: this API has no such option;"
          + " use enableDuplicateCheck on a PresignedInitiateRequest");
    }
    Builder b = builder().fileName(request.key()).mimeType(request.contentType().orElse(null))
        .deadline(request.deadline().orElse(null));
    request.contentLength().ifPresent(b::contentLength);
    request.partSize().ifPresent(b::partSize);
    request.partCount().ifPresent(b::partsNumber);
    return b.build();
  }

  /**
   * How many presigned part URLs to ask for.
   *
   * @return at least 1
   */
  public int partsNumber() {
    return partsNumber;
  }

  /**
   * The file name.
   *
   * @return the name
   */
  public String fileName() {
    return fileName;
  }

  /**
   * The file size.
   *
   * @return the size, or empty
   */
  public OptionalLong contentLength() {
    return contentLength == null ? OptionalLong.empty() : OptionalLong.of(contentLength);
  }

  /**
   * The planned part size.
   *
   * @return the size, or empty
   */
  public OptionalLong partSize() {
    return partSize == null ? OptionalLong.empty() : OptionalLong.of(partSize);
  }

  /**
   * How long the part URLs stay valid.
   *
   * @return hours 1..168, or empty for the provider's default (12)
   */
  public OptionalInt presignedUrlExpiryTimeHours() {
    return expiryHours == null ? OptionalInt.empty() : OptionalInt.of(expiryHours);
  }

  /**
   * A project overriding the client's.
   *
   * @return the project id, or empty
   */
  public Optional<String> projectId() {
    return Optional.ofNullable(projectId);
  }

  /**
   * The bound for this call, retries included.
   *
   * @return the deadline, or empty for the client's
   */
  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The JSON body, fields in the documented order, unset ones left out. */
  ObjectNode body() {
    ObjectNode o = JsonCodecs.nodes().objectNode();
    o.put("partsNumber", partsNumber);
    o.put("fileName", fileName);
    if (contentLength != null) {
      o.put("contentLength", String.valueOf(contentLength));
    }
    if (mimeType != null) {
      o.put("mimeType", mimeType);
    }
    if (enableDuplicateCheck != null) {
      o.put("enableDuplicateCheck", enableDuplicateCheck);
    }
    if (fileHash != null) {
      o.put("fileHash", fileHash);
    }
    if (expiryHours != null) {
      o.put("presignedUrlExpiryTimeHours", expiryHours);
    }
    return o;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PresignedInitiateRequest)) {
      return false;
    }
    PresignedInitiateRequest r = (PresignedInitiateRequest) o;
    return body().equals(r.body()) && Objects.equals(partSize, r.partSize)
        && Objects.equals(projectId, r.projectId) && Objects.equals(deadline, r.deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(body(), partSize, projectId, deadline);
  }

  @Override
  public String toString() {
    return "PresignedInitiateRequest{fileName=" + fileName + ", partsNumber=" + partsNumber
        + (contentLength == null ? "" : ", contentLength=" + contentLength) + '}';
  }

  /** Builds a {@link PresignedInitiateRequest}. Not thread-safe. */
  public static final class Builder {
    private Integer partsNumber;
    private String fileName;
    private Long contentLength;
    private String contentLengthText;
    private String mimeType;
    private Boolean enableDuplicateCheck;
    private String fileHash;
    private Integer expiryHours;
    private Long partSize;
    private String projectId;
    private Duration deadline;

    private Builder() {}

    /**
     * Sets how many part URLs to ask for.
     *
     * @param partsNumber at least 1
     * @return this builder
     */
    public Builder partsNumber(int partsNumber) {
      this.partsNumber = partsNumber;
      return this;
    }

    /**
     * Sets the file name. Required.
     *
     * @param fileName the name
     * @return this builder
     */
    public Builder fileName(String fileName) {
      this.fileName = fileName;
      return this;
    }

    /**
     * Sets the file size.
     *
     * @param contentLength at least 0
     * @return this builder
     */
    public Builder contentLength(long contentLength) {
      this.contentLength = contentLength;
      this.contentLengthText = null;
      return this;
    }

    /**
     * Sets the file size from text, as the API carries it.
     *
     * @param contentLength a string of digits
     * @return this builder
     */
    public Builder contentLength(String contentLength) {
      this.contentLengthText = contentLength;
      this.contentLength = null;
      return this;
    }

    /**
     * Sets the MIME type.
     *
     * @param mimeType e.g. {@code video/mp4}
     * @return this builder
     */
    public Builder mimeType(String mimeType) {
      this.mimeType = mimeType;
      return this;
    }

    /**
     * Asks the provider to refuse a file it already has (by hash).
     *
     * @param enable whether to check
     * @return this builder
     */
    public Builder enableDuplicateCheck(boolean enable) {
      this.enableDuplicateCheck = enable;
      return this;
    }

    /**
     * Sets the file's hash, required with the duplicate check.
     *
     * @param fileHash the hash
     * @return this builder
     */
    public Builder fileHash(String fileHash) {
      this.fileHash = fileHash;
      return this;
    }

    /**
     * Sets how long the part URLs stay valid; the parts' expiries follow.
     *
     * @param hours 1..168
     * @return this builder
     */
    public Builder presignedUrlExpiryTimeHours(int hours) {
      this.expiryHours = hours;
      return this;
    }

    /**
     * Sets the part size, from which {@code partsNumber} follows with the content length.
     *
     * @param partSize at least 1
     * @return this builder
     */
    public Builder partSize(long partSize) {
      this.partSize = partSize;
      return this;
    }

    /**
     * Overrides the client's project for this call.
     *
     * @param projectId the project id, or null
     * @return this builder
     */
    public Builder projectId(String projectId) {
      this.projectId = projectId;
      return this;
    }

    /**
     * Bounds this call, retries included.
     *
     * @param deadline a positive duration, or null for the client's
     * @return this builder
     */
    public Builder deadline(Duration deadline) {
      this.deadline = FieldChecks.positiveOrNull("deadline", deadline);
      return this;
    }

    /**
     * Checks every rule and builds the request.
     *
     * @return the request
     * @throws InvalidRequestException naming the field and the rule it broke
     */
    public PresignedInitiateRequest build() {
      if (fileName == null || fileName.isBlank()) {
        throw new InvalidRequestException("fileName", "is required");
      }
      FieldChecks.utf8("fileName", fileName);
      FieldChecks.noControlCharacters("fileName", fileName);
      if (contentLengthText != null) {
        if (!contentLengthText.matches("\\d{1,18}")) {
          throw new InvalidRequestException(
              "contentLength", "must be a whole number of bytes (was \"" + contentLengthText
                  + "\")");
        }
        contentLength = Long.parseLong(contentLengthText);
      }
      if (contentLength != null && contentLength < 0) {
        throw new InvalidRequestException(
            "contentLength", "must be >= 0 (was " + contentLength + ")");
      }
      if (mimeType != null && (mimeType.isBlank() || !mimeType.contains("/"))) {
        throw new InvalidRequestException("mimeType", "must be a MIME type such as video/mp4");
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

    private PresignedInitiateRequest plan() {
      if (partsNumber != null) {
        if (partsNumber < 1) {
          throw new InvalidRequestException(
              "partsNumber", "must be at least 1 (was " + partsNumber + ")");
        }
        if (partSize != null) {
          throw new InvalidRequestException(
              "partsNumber", "set either partsNumber or partSize, not both");
        }
        Long size = contentLength == null ? null
            : Math.max(1, (contentLength + partsNumber - 1) / partsNumber);
        return new PresignedInitiateRequest(this, partsNumber, size);
      }
      if (partSize == null || contentLength == null) {
        throw new InvalidRequestException(
            "partsNumber", "is required; or give contentLength and partSize, and it is computed");
      }
      if (partSize < 1) {
        throw new InvalidRequestException("partSize", "must be at least 1 (was " + partSize + ")");
      }
      long count = Math.max(1, (contentLength + partSize - 1) / partSize);
      if (count > Integer.MAX_VALUE) {
        throw new InvalidRequestException("partSize", "makes too many parts (" + count + ")");
      }
      return new PresignedInitiateRequest(this, (int) count, partSize);
    }
  }
}
