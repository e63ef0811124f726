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
import java.util.LinkedHashMap;
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
  private final long partSize;
  private final long contentLength;
  private final long sourceModified;
  private final List<UploadedPart> parts;
  private final Map<Integer, Long> checksums;

  UploadCheckpoint(UploadSession session, long partSize, long contentLength,
      long sourceModified, List<UploadedPart> parts, Map<Integer, Long> checksums) {
    this.session = Objects.requireNonNull(session, "session");
    this.partSize = partSize;
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
    Object parsed;
    try {
      parsed = JsonText.parse(Objects.requireNonNull(json, "json"));
    } catch (JsonText.SyntaxException e) {
      throw new InvalidRequestException("checkpoint", "is not JSON: " + e.getMessage());
    }
    Object format = parsed instanceof Map ? ((Map<?, ?>) parsed).get("format") : null;
    if (!Long.valueOf(1).equals(format) && !Long.valueOf(FORMAT).equals(format)) {
      throw new InvalidRequestException("checkpoint", "is not a unipart checkpoint (format 1 or "
          + FORMAT + ")");
    }
    Map<String, Object> root = SessionJson.object(parsed, "checkpoint", "must be an object");
    if (!(root.get("session") instanceof Map)) {
      throw new InvalidRequestException("checkpoint.session", "is required");
    }
    UploadSession session = SessionJson.read(root.get("session"), "checkpoint.session");
    long partSize = whole(root, "checkpoint", "partSize");
    long length = whole(root, "checkpoint", "contentLength");
    if (partSize < 1) {
      throw new InvalidRequestException("checkpoint.partSize", "must be >= 1");
    }
    Object array = root.get("parts");
    if (array != null && !(array instanceof List)) {
      throw new InvalidRequestException("checkpoint.parts", "must be an array");
    }
    long modified = -1;
    if (root.get("sourceLastModified") != null) {
      modified = whole(root, "checkpoint", "sourceLastModified");
    }
    List<UploadedPart> parts = new ArrayList<>();
    Map<Integer, Long> checksums = new java.util.HashMap<>();
    for (Object element : array == null ? List.of() : (List<?>) array) {
      Map<String, Object> p =
          SessionJson.object(element, "checkpoint.parts", "must hold objects");
      long number = whole(p, "checkpoint.parts", "partNumber");
      Object etag = p.get("etag");
      if (etag != null && !(etag instanceof String)) {
        throw new InvalidRequestException("checkpoint.parts.etag", "must be a string");
      }
      long size = whole(p, "checkpoint.parts", "size");
      Object algorithm = p.get("checksumAlgorithm");
      Object value = p.get("checksum");
      if ((algorithm != null || value != null)
          && (!(algorithm instanceof String) || !(value instanceof String))) {
        throw new InvalidRequestException("checkpoint.parts.checksum",
            "needs checksumAlgorithm and checksum, both strings");
      }
      try {
        parts.add(UploadedPart.of(number != (int) number ? -1 : (int) number, (String) etag,
            size).withChecksum(algorithm == null ? null
                : Checksum.of((String) algorithm, (String) value)));
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException("checkpoint.parts." + e.field(), e.rule());
      }
      Object crc = p.get("crc32c");
      if (crc != null) {
        if (!(crc instanceof String) || !((String) crc).matches("[0-9a-f]{8}")) {
          throw new InvalidRequestException("checkpoint.parts.crc32c",
              "must be 8 lower-case hex digits");
        }
        checksums.put((int) number, Long.parseLong((String) crc, 16));
      }
    }
    return new UploadCheckpoint(session, partSize, length, modified, parts, checksums);
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
   * The size every part but the last was cut to.
   *
   * @return bytes
   */
  public long partSize() {
    return partSize;
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
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("format", (long) FORMAT);
    root.put("session", SessionJson.tree(session));
    root.put("partSize", partSize);
    root.put("contentLength", contentLength);
    if (sourceModified >= 0) {
      root.put("sourceLastModified", sourceModified);
    }
    List<Object> array = new ArrayList<>(parts.size());
    for (UploadedPart p : parts) {
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("partNumber", (long) p.partNumber());
      p.etag().ifPresent(e -> part.put("etag", e));
      part.put("size", p.size());
      Long crc = checksums.get(p.partNumber());
      if (crc != null) {
        part.put("crc32c", crc32cHex(crc));
      }
      p.checksum().ifPresent(c -> {
        part.put("checksumAlgorithm", c.algorithm());
        part.put("checksum", c.value());
      });
      array.add(part);
    }
    root.put("parts", array);
    return JsonText.write(root);
  }

  /**
   * Writes this checkpoint to a file atomically: a temporary file beside it, then a rename.
   *
   * @param file where to write
   * @throws UncheckedIOException when writing fails
   */
  public void write(Path file) {
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
      Files.writeString(temp, toJson(), StandardCharsets.UTF_8);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the checkpoint " + file, e);
    }
  }

  @Override
  public String toString() {
    return "UploadCheckpoint{" + session + ", partSize=" + partSize + ", contentLength="
        + contentLength + ", parts=" + parts.size() + '}';
  }

  static String crc32cHex(long crc) {
    return java.util.HexFormat.of().toHexDigits((int) crc);
  }

  private static long whole(Map<String, Object> node, String parent, String field) {
    Long v = SessionJson.number(node, parent, field);
    if (v == null) {
      throw new InvalidRequestException(parent + "." + field, "must be a whole number");
    }
    return v;
  }
}
