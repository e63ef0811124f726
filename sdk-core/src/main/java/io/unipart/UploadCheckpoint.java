package io.unipart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.unipart.spi.Codecs;
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
    JsonNode root;
    try {
      root = Codecs.jsonReader().readTree(Objects.requireNonNull(json, "json"));
    } catch (IOException e) {
      throw new InvalidRequestException("checkpoint", "is not JSON");
    }
    if (root == null || !root.isObject() || root.path("format").asInt(-1) != FORMAT) {
      throw new InvalidRequestException("checkpoint", "is not a unipart checkpoint (format "
          + FORMAT + ")");
    }
    JsonNode session = root.get("session");
    if (session == null || !session.isObject()) {
      throw new InvalidRequestException("checkpoint.session", "is required");
    }
    long partSize = whole(root, "partSize");
    long length = whole(root, "contentLength");
    if (partSize < 1) {
      throw new InvalidRequestException("checkpoint.partSize", "must be >= 1");
    }
    List<UploadedPart> parts = new ArrayList<>();
    for (JsonNode p : root.path("parts")) {
      JsonNode etag = p.get("etag");
      parts.add(UploadedPart.of(
          (int) whole(p, "partNumber"),
          etag == null || etag.isNull() ? null : etag.asText(),
          whole(p, "size")));
    }
    return new UploadCheckpoint(UploadSession.fromJson(session.toString()), partSize, length,
        parts);
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
    ObjectNode root = Codecs.jsonNodes().objectNode();
    root.put("format", FORMAT);
    try {
      root.set("session", Codecs.jsonReader().readTree(session.toJson()));
    } catch (IOException e) {
      throw new IllegalStateException("cannot re-read session JSON", e);
    }
    root.put("partSize", partSize);
    root.put("contentLength", contentLength);
    ArrayNode array = root.putArray("parts");
    for (UploadedPart p : parts) {
      ObjectNode part = array.addObject();
      part.put("partNumber", p.partNumber());
      p.etag().ifPresent(e -> part.put("etag", e));
      part.put("size", p.size());
    }
    try {
      return Codecs.jsonWriter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
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

  private static long whole(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber()) {
      throw new InvalidRequestException("checkpoint." + field, "must be a whole number");
    }
    return v.asLong();
  }
}
