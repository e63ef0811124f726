package io.unipart;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A finished upload: where the object is, its size, what the server called it (ETag, location)
 * and the parts it was put together from. Immutable.
 *
 * <pre>{@code
 * UploadResult result = uploader.upload(Path.of("video.mp4"), request);
 * result.key();        // "videos/intro.mp4"
 * result.size();       // 73400320
 * result.etag();       // Optional["\"9b2cf535f27731c974343645a3985328-9\""]
 * }</pre>
 */
public final class UploadResult {
  private final String dialect;
  private final String destination;
  private final String key;
  private final String uploadId;
  private final long size;
  private final String etag;
  private final String location;
  private final String requestId;
  private final String versionId;
  private final Checksum checksum;
  private final List<UploadedPart> parts;

  private UploadResult(Builder b) {
    this.dialect = Objects.requireNonNull(b.dialect, "dialect");
    this.destination = Objects.requireNonNull(b.destination, "destination");
    this.key = Objects.requireNonNull(b.key, "key");
    this.uploadId = Objects.requireNonNull(b.uploadId, "uploadId");
    this.size = b.size;
    this.etag = b.etag;
    this.location = b.location;
    this.requestId = b.requestId;
    this.versionId = b.versionId;
    this.checksum = b.checksum;
    this.parts = Collections.unmodifiableList(new ArrayList<>(b.parts));
  }

  /**
   * Starts a result from the session it finishes (for dialect implementations).
   *
   * @param session the session
   * @return a builder
   */
  public static Builder builder(UploadSession session) {
    return new Builder(session);
  }

  /**
   * The dialect id.
   *
   * @return e.g. {@code s3}
   */
  public String dialect() {
    return dialect;
  }

  /**
   * The bucket, project or app the object is in.
   *
   * @return the destination
   */
  public String destination() {
    return destination;
  }

  /**
   * The object key or file name.
   *
   * @return the key
   */
  public String key() {
    return key;
  }

  /**
   * The upload id the parts were sent under.
   *
   * @return the id
   */
  public String uploadId() {
    return uploadId;
  }

  /**
   * The object's size: the sum of its parts.
   *
   * @return bytes, or -1 when a part's size was not known
   */
  public long size() {
    return size;
  }

  /**
   * The object's ETag, exactly as the server sent it.
   *
   * @return the ETag, when the dialect returns one
   */
  public Optional<String> etag() {
    return Optional.ofNullable(etag);
  }

  /**
   * The object's location (URL), when the server says.
   *
   * @return the location
   */
  public Optional<String> location() {
    return Optional.ofNullable(location);
  }

  /**
   * The provider's request id of the completing call.
   *
   * @return the id, when sent
   */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /**
   * The object version the upload made, in a bucket that keeps versions (S3's {@code
   * x-amz-version-id}, COS's {@code x-cos-version-id}).
   *
   * @return the version id, when the server sent one
   */
  public Optional<String> versionId() {
    return Optional.ofNullable(versionId);
  }

  /**
   * The object's integrity checksum as the server stated it at complete, after unipart checked it
   * against the one it computed from the parts it sent (S3's flexible checksum, COS's {@code
   * x-cos-hash-crc64ecma}).
   *
   * @return the checksum, when the dialect and upload use one and the server sent it
   */
  public Optional<Checksum> checksum() {
    return Optional.ofNullable(checksum);
  }

  /**
   * The parts, in order.
   *
   * @return an unmodifiable list
   */
  public List<UploadedPart> parts() {
    return parts;
  }

  /**
   * How many parts each check proved intact (see {@link PartCheck}). Parts without a known check
   * (listed by the server on a resume, or of a dialect that reports none) are not counted, so
   * the counts add up to fewer than {@link #parts()} then.
   *
   * @return the counts, in {@link PartCheck} order; unmodifiable
   */
  public java.util.Map<PartCheck, Integer> partChecks() {
    java.util.EnumMap<PartCheck, Integer> counts = new java.util.EnumMap<>(PartCheck.class);
    for (UploadedPart p : parts) {
      p.check().ifPresent(c -> counts.merge(c, 1, Integer::sum));
    }
    return java.util.Collections.unmodifiableMap(counts);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UploadResult)) {
      return false;
    }
    UploadResult r = (UploadResult) o;
    return size == r.size && dialect.equals(r.dialect) && destination.equals(r.destination)
        && key.equals(r.key) && uploadId.equals(r.uploadId) && Objects.equals(etag, r.etag)
        && Objects.equals(location, r.location) && Objects.equals(requestId, r.requestId)
        && Objects.equals(versionId, r.versionId) && Objects.equals(checksum, r.checksum)
        && parts.equals(r.parts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dialect, destination, key, uploadId, size, etag, location, versionId,
        parts);
  }

  @Override
  public String toString() {
    return "UploadResult{" + dialect + ":" + destination + "/" + key + ", size=" + size
        + ", parts=" + parts.size() + ", etag=" + etag
        + (versionId == null ? "" : ", versionId=" + versionId) + '}';
  }

  /** Builds an {@link UploadResult}. Not thread-safe. */
  public static final class Builder {
    private final String dialect;
    private final String destination;
    private final String key;
    private final String uploadId;
    private long size = -1;
    private String etag;
    private String location;
    private String requestId;
    private String versionId;
    private Checksum checksum;
    private final List<UploadedPart> parts = new ArrayList<>();

    private Builder(UploadSession session) {
      this.dialect = session.dialect();
      this.destination = session.destination();
      this.key = session.key();
      this.uploadId = session.uploadId();
    }

    /**
     * Sets the parts, and the size as their sum (-1 when one is unknown).
     *
     * @param parts the parts in order
     */
    public Builder parts(List<UploadedPart> parts) {
      this.parts.clear();
      this.parts.addAll(parts);
      long sum = 0;
      for (UploadedPart p : parts) {
        if (p.size() < 0) {
          sum = -1;
          break;
        }
        sum += p.size();
      }
      this.size = sum;
      return this;
    }

    /**
     * Sets the size, when the server says it.
     *
     * @param size bytes
     */
    public Builder size(long size) {
      this.size = size;
      return this;
    }

    /**
     * Sets the ETag.
     *
     * @param etag as the server sent it, or null
     */
    public Builder etag(String etag) {
      this.etag = etag;
      return this;
    }

    /**
     * Sets the location.
     *
     * @param location the URL, or null
     */
    public Builder location(String location) {
      this.location = location;
      return this;
    }

    /**
     * Sets the request id.
     *
     * @param requestId the id, or null
     */
    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    /**
     * Sets the version id.
     *
     * @param versionId the id, or null
     */
    public Builder versionId(String versionId) {
      this.versionId = versionId == null || versionId.isBlank() ? null : versionId;
      return this;
    }

    /**
     * Sets the object's checksum, as the server stated it.
     *
     * @param checksum the checksum, or null
     */
    public Builder checksum(Checksum checksum) {
      this.checksum = checksum;
      return this;
    }

    /**
     * Builds the result.
     *
     * @return the result
     */
    public UploadResult build() {
      return new UploadResult(this);
    }
  }
}
