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
 * the source's length, and the parts the server acknowledged. The {@link MultipartUploader}
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
  static final int FORMAT = 1;

  private final UploadSession session;
  private final long partSize;
  private final long contentLength;
  private final List<UploadedPart> parts;

  UploadCheckpoint(UploadSession session, long partSize, long contentLength,
      List<UploadedPart> parts) {
    this.session = Objects.requireNonNull(session, "session");
    this.partSize = partSize;
    this.contentLength = contentLength;
    List<UploadedPart> sorted = new ArrayList<>(parts);
    sorted.sort(Comparator.comparingInt(UploadedPart::partNumber));
    this.parts = Collections.unmodifiableList(sorted);
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
    if (!(parsed instanceof Map)
        || !Long.valueOf(FORMAT).equals(((Map<?, ?>) parsed).get("format"))) {
      throw new InvalidRequestException("checkpoint", "is not a unipart checkpoint (format "
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
    List<UploadedPart> parts = new ArrayList<>();
    for (Object element : array == null ? List.of() : (List<?>) array) {
      Map<String, Object> p =
          SessionJson.object(element, "checkpoint.parts", "must hold objects");
      long number = whole(p, "checkpoint.parts", "partNumber");
      Object etag = p.get("etag");
      if (etag != null && !(etag instanceof String)) {
        throw new InvalidRequestException("checkpoint.parts.etag", "must be a string");
      }
      long size = whole(p, "checkpoint.parts", "size");
      try {
        parts.add(UploadedPart.of(number != (int) number ? -1 : (int) number, (String) etag,
            size));
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException("checkpoint.parts." + e.field(), e.rule());
      }
    }
    return new UploadCheckpoint(session, partSize, length, parts);
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
    List<Object> array = new ArrayList<>(parts.size());
    for (UploadedPart p : parts) {
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("partNumber", (long) p.partNumber());
      p.etag().ifPresent(e -> part.put("etag", e));
      part.put("size", p.size());
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

  private static long whole(Map<String, Object> node, String parent, String field) {
    Long v = SessionJson.number(node, parent, field);
    if (v == null) {
      throw new InvalidRequestException(parent + "." + field, "must be a whole number");
    }
    return v;
  }
}
