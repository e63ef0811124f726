package io.unipart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where an interrupted upload stands: its {@link UploadSession}, the part size it was cut into,
 * the source it was read from (length, last-modified time, and the CRC-32C of every part sent,
 * taken as the part was sent), and the parts the server acknowledged. The {@link MultipartUploader}
 * rewrites it atomically after every part, so a crash leaves either the old or the new state,
 * never half of one; {@link MultipartUploader#resume} carries the upload on from it.
 *
 * <pre>{@code
 * UploadCheckpoint cp = UploadCheckpoint.read(Path.of("upload.checkpoint"));
 * cp.session().uploadId();
 * cp.parts().size();   // parts already on the server
 * }</pre>
 *
 * <p>Immutable. The file is written owner-read/write only where the file system allows: a
 * session with presigned part URLs grants upload access until they expire.
 */
public final class UploadCheckpoint {
  /** The format written; format 1 (no source identity) is still read, its parts unverified. */
  static final int FORMAT = 2;

  private final UploadSession session;
  private final PartSizes partSizes;
  private final long contentLength;
  private final long sourceModified;
  private final List<UploadedPart> parts;
  private final Map<Integer, Long> checksums;

  UploadCheckpoint(UploadSession session, long partSize, long contentLength,
      long sourceModified, List<UploadedPart> parts, Map<Integer, Long> checksums) {
    this(session, PartSizes.fixed(partSize), contentLength, sourceModified, parts, checksums);
  }

  UploadCheckpoint(UploadSession session, PartSizes partSizes, long contentLength,
      long sourceModified, List<UploadedPart> parts, Map<Integer, Long> checksums) {
    this.session = Objects.requireNonNull(session, "session");
    this.partSizes = Objects.requireNonNull(partSizes, "partSizes");
    this.contentLength = contentLength;
    this.sourceModified = sourceModified;
    List<UploadedPart> sorted = new ArrayList<>(parts);
    sorted.sort(Comparator.comparingInt(UploadedPart::partNumber));
    this.parts = Collections.unmodifiableList(sorted);
    Map<Integer, Long> sums = new java.util.TreeMap<>();
    for (UploadedPart p : sorted) {
      Long sum = checksums.get(p.partNumber());
      if (sum != null) {
        sums.put(p.partNumber(), sum);
      }
    }
    this.checksums = Collections.unmodifiableMap(sums);
  }

  /**
   * Reads a checkpoint file.
   *
   * @param file the file the uploader wrote
   * @return the checkpoint
   * @throws InvalidRequestException when the file is missing or is not a checkpoint
   */
  public static UploadCheckpoint read(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidRequestException("checkpoint", "cannot be read from " + file + ": " + e);
    }
    return fromJson(text);
  }

  /**
   * Reads checkpoint JSON.
   *
   * @param json the text {@link #toJson()} wrote
   * @return the checkpoint
   * @throws InvalidRequestException when the text is not a checkpoint
   */
  public static UploadCheckpoint fromJson(String json) {
    Objects.requireNonNull(json, "json");
    SessionJson.CheckpointDoc doc;
    try {
      doc = SessionJson.parse(json, SessionJson.CheckpointDoc.class, "checkpoint");
    } catch (InvalidRequestException e) {
      if (e.field().equals("checkpoint.format")) {
        throw new InvalidRequestException("checkpoint", "is not a unipart checkpoint (format 1 or "
            + FORMAT + ")");
      }
      throw e;
    }
    if (doc.format == null || (doc.format != 1 && doc.format != FORMAT)) {
      throw new InvalidRequestException("checkpoint", "is not a unipart checkpoint (format 1 or "
          + FORMAT + ")");
    }
    if (doc.session == null) {
      throw new InvalidRequestException("checkpoint.session", "is required");
    }
    UploadSession session = SessionJson.read(doc.session, "checkpoint.session");
    long partSize = whole(doc.partSize, "checkpoint.partSize");
    long length = whole(doc.contentLength, "checkpoint.contentLength");
    if (partSize < 1) {
      throw new InvalidRequestException("checkpoint.partSize", "must be >= 1");
    }
    PartSizes sizes = PartSizes.fixed(partSize);
    if (doc.partSizeDoublesEvery != null || doc.partSizeCap != null) {
      long every = whole(doc.partSizeDoublesEvery, "checkpoint.partSizeDoublesEvery");
      long cap = whole(doc.partSizeCap, "checkpoint.partSizeCap");
      if (every < 1 || every > Integer.MAX_VALUE || cap < partSize) {
        throw new InvalidRequestException("checkpoint.partSizeDoublesEvery", "must be >= 1, with"
            + " partSizeCap >= partSize");
      }
      sizes = new PartSizes(partSize, (int) every, cap);
    }
    long modified = doc.sourceLastModified == null ? -1 : doc.sourceLastModified;
    List<UploadedPart> parts = new ArrayList<>();
    Map<Integer, Long> checksums = new java.util.HashMap<>();
    for (SessionJson.RecordedPartDoc p : doc.parts == null
        ? List.<SessionJson.RecordedPartDoc>of() : doc.parts) {
      if (p == null) {
        throw new InvalidRequestException("checkpoint.parts", "must hold objects");
      }
      long number = whole(p.partNumber, "checkpoint.parts.partNumber");
      long size = whole(p.size, "checkpoint.parts.size");
      if ((p.checksumAlgorithm == null) != (p.checksum == null)) {
        throw new InvalidRequestException("checkpoint.parts.checksum",
            "needs checksumAlgorithm and checksum, both strings");
      }
      try {
        parts.add(UploadedPart.of(number != (int) number ? -1 : (int) number, p.etag, size)
            .withChecksum(p.checksumAlgorithm == null ? null
                : Checksum.of(p.checksumAlgorithm, p.checksum))
            .withCheck(check(p.check)));
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException("checkpoint.parts." + e.field(), e.rule());
      }
      if (p.crc32c != null) {
        if (!p.crc32c.matches("[0-9a-f]{8}")) {
          throw new InvalidRequestException("checkpoint.parts.crc32c",
              "must be 8 lower-case hex digits");
        }
        checksums.put((int) number, Long.parseLong(p.crc32c, 16));
      }
    }
    return new UploadCheckpoint(session, sizes, length, modified, parts, checksums);
  }

  /**
   * The upload.
   *
   * @return the session
   */
  public UploadSession session() {
    return session;
  }

  /**
   * The size every part but the last was cut to; for a stream of unknown length whose parts grew
   * as it went (AWS, COS), the first part's size.
   *
   * @return bytes
   */
  public long partSize() {
    return partSizes.first();
  }

  /** How each part was cut. */
  PartSizes partSizes() {
    return partSizes;
  }

  /**
   * The source's length.
   *
   * @return bytes, or -1 when the source was a stream of unknown length
   */
  public long contentLength() {
    return contentLength;
  }

  /**
   * When the source file was last modified as the upload began, as its file system said.
   *
   * @return the time, empty for a stream or a checkpoint written before unipart recorded it
   */
  public java.util.Optional<java.time.Instant> sourceLastModified() {
    return sourceModified < 0 ? java.util.Optional.empty()
        : java.util.Optional.of(java.time.Instant.ofEpochMilli(sourceModified));
  }

  /**
   * The CRC-32C of the bytes sent as a part, computed as they were sent: {@link
   * MultipartUploader#resume} checks every recorded part against the source with it.
   *
   * @param partNumber the part
   * @return the checksum, empty when the part is not recorded or was recorded without one
   */
  public java.util.OptionalLong partChecksum(int partNumber) {
    Long sum = checksums.get(partNumber);
    return sum == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(sum);
  }

  long sourceModifiedMillis() {
    return sourceModified;
  }

  /**
   * The parts the server acknowledged, ascending.
   *
   * @return an unmodifiable list
   */
  public List<UploadedPart> parts() {
    return parts;
  }

  /**
   * This checkpoint as JSON (a stable, versioned format).
   *
   * @return the JSON text
   */
  public String toJson() {
    SessionJson.CheckpointDoc doc = new SessionJson.CheckpointDoc();
    doc.format = (long) FORMAT;
    doc.session = SessionJson.doc(session);
    doc.partSize = partSizes.first();
    if (!partSizes.isFixed()) {
      doc.partSizeDoublesEvery = (long) partSizes.doublesEvery();
      doc.partSizeCap = partSizes.cap();
    }
    doc.contentLength = contentLength;
    doc.sourceLastModified = sourceModified >= 0 ? sourceModified : null;
    doc.parts = new ArrayList<>(parts.size());
    for (UploadedPart p : parts) {
      SessionJson.RecordedPartDoc part = new SessionJson.RecordedPartDoc();
      part.partNumber = (long) p.partNumber();
      part.etag = p.etag().orElse(null);
      part.size = p.size();
      Long crc = checksums.get(p.partNumber());
      part.crc32c = crc == null ? null : crc32cHex(crc);
      p.checksum().ifPresent(c -> {
        part.checksumAlgorithm = c.algorithm();
        part.checksum = c.value();
      });
      part.check = p.check().map(Enum::name).orElse(null);
      doc.parts.add(part);
    }
    return SessionJson.write(doc);
  }

  /** A recorded check by name; one this version does not know (a newer one wrote it) is none. */
  private static PartCheck check(String name) {
    for (PartCheck c : PartCheck.values()) {
      if (c.name().equals(name)) {
        return c;
      }
    }
    return null;
  }

  /**
   * Writes this checkpoint to a file atomically: a temporary file beside it, then a rename.
   *
   * @param file where to write
   * @throws UncheckedIOException when writing fails
   */
  public void write(Path file) {
    writeCounting(file);
  }

  /** {@link #write(Path)}, returning the bytes written. */
  long writeCounting(Path file) {
    return writeCounting(file, true);
  }

  /**
   * Writes atomically, returning the bytes written; with {@code replace} false, a file already
   * at {@code file} is never replaced: a hard link puts the new file in place only where no file
   * is (atomic), or, on a file system without hard links, a move without replacing.
   *
   * @throws java.nio.file.FileAlreadyExistsException (wrapped) when not replacing and a file is
   *     there
   */
  long writeCounting(Path file, boolean replace) {
    byte[] json = toJson().getBytes(StandardCharsets.UTF_8);
    Path target = file.toAbsolutePath();
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(temp);
      try {
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(temp);
      }
      Files.write(temp, json);
      if (!replace) {
        placeNew(temp, target);
        return json.length;
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      return json.length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint " + file, e);
    }
  }

  private static void placeNew(Path temp, Path target) throws IOException {
    try {
      try {
        Files.createLink(target, temp);
      } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
          throw e;
        }
        Files.move(temp, target); // no hard links here: fails if a file is there
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public String toString() {
    return "UploadCheckpoint{" + session + ", partSize=" + partSizes.first()
        + (partSizes.isFixed() ? "" : " doubling every " + partSizes.doublesEvery() + " parts")
        + ", contentLength="
        + contentLength + ", parts=" + parts.size() + '}';
  }

  static String crc32cHex(long crc) {
    return java.util.HexFormat.of().toHexDigits((int) crc);
  }

  private static long whole(Long value, String field) {
    if (value == null) {
      throw new InvalidRequestException(field, "must be a whole number");
    }
    return value;
  }
}
