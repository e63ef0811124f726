package io.unipart;

import java.util.Objects;
import java.util.Optional;

/**
 * One part the server has: its number, the token it gave back for it (S3 and COS: the {@code
 * ETag}; dialects without one: none) and its size. Immutable.
 *
 * <pre>{@code
 * UploadedPart part = client.uploadPart(session, 1, PartContent.ofBytes(bytes));
 * part.etag();   // Optional["\"5d41402abc4b2a76b9719d911017c592\""]
 * }</pre>
 */
public final class UploadedPart {
  private final int partNumber;
  private final String etag;
  private final long size;
  private final Checksum checksum;
  private final PartCheck check;

  private UploadedPart(int partNumber, String etag, long size, Checksum checksum,
      PartCheck check) {
    this.partNumber = partNumber;
    this.etag = etag;
    this.size = size;
    this.checksum = checksum;
    this.check = check;
  }

  /**
   * A part.
   *
   * @param partNumber the part's number, as the dialect counts them
   * @param etag the token the server returned, exactly as returned (quotes kept), or null
   * @param size its size in bytes, or -1 when the server did not say
   * @return the part
   * @throws InvalidRequestException when the number is negative or the size below -1
   */
  public static UploadedPart of(int partNumber, String etag, long size) {
    if (partNumber < 0) {
      throw new InvalidRequestException("partNumber", "must be >= 0 (was " + partNumber + ")");
    }
    if (size < -1) {
      throw new InvalidRequestException("size", "must be >= 0, or -1 for unknown (was " + size
          + ")");
    }
    return new UploadedPart(partNumber, etag, size, null, null);
  }

  /**
   * The same part with its integrity checksum (S3's flexible checksum, COS's CRC-64), which
   * complete needs to check, or list, the object's.
   *
   * @param checksum the checksum, or null for none
   * @return the part
   */
  public UploadedPart withChecksum(Checksum checksum) {
    return new UploadedPart(partNumber, etag, size, checksum, check);
  }

  /**
   * The same part with what proved its bytes arrived intact.
   *
   * @param check the check, or null for none known
   * @return the part
   */
  public UploadedPart withCheck(PartCheck check) {
    return new UploadedPart(partNumber, etag, size, checksum, check);
  }

  /**
   * What proved the part's bytes reached the store intact, as the client that sent it found.
   *
   * @return the check; empty for a part listed by the server rather than sent by this client, a
   *     part of a checkpoint written before unipart recorded it, or a dialect that reports none
   */
  public Optional<PartCheck> check() {
    return Optional.ofNullable(check);
  }

  /**
   * The part's integrity checksum, taken as it was sent and matched against the server's.
   *
   * @return the checksum, when the dialect and upload use one
   */
  public Optional<Checksum> checksum() {
    return Optional.ofNullable(checksum);
  }

  /**
   * The part number.
   *
   * @return the number
   */
  public int partNumber() {
    return partNumber;
  }

  /**
   * The token the server gave for the part, exactly as it gave it.
   *
   * @return the ETag, when the dialect has one
   */
  public Optional<String> etag() {
    return Optional.ofNullable(etag);
  }

  /**
   * The part's size.
   *
   * @return bytes, or -1 when unknown
   */
  public long size() {
    return size;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof UploadedPart)) {
      return false;
    }
    UploadedPart p = (UploadedPart) o;
    return partNumber == p.partNumber && size == p.size && Objects.equals(etag, p.etag)
        && Objects.equals(checksum, p.checksum) && check == p.check;
  }

  @Override
  public int hashCode() {
    return Objects.hash(partNumber, etag, size, checksum, check);
  }

  @Override
  public String toString() {
    return "UploadedPart{" + partNumber + ", etag=" + etag + ", size=" + size
        + (checksum == null ? "" : ", checksum=" + checksum)
        + (check == null ? "" : ", check=" + check) + '}';
  }
}
