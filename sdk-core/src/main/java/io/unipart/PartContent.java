package io.unipart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

/**
 * The bytes of one part: a known length and a source that can be read from the start as many
 * times as needed (a retry sends them again). A slice of a file is read from disk each time it is
 * sent, never held in memory.
 *
 * <pre>{@code
 * PartContent part = PartContent.ofFile(Path.of("video.mp4"), 0, 8 << 20);  // the first 8 MiB
 * UploadedPart done = client.uploadPart(session, 1, part);
 * }</pre>
 *
 * <p>Immutable and thread-safe, provided the underlying file or array does not change.
 */
public final class PartContent {
  static final int CHUNK = 64 * 1024;

  /**
   * Opens a fresh stream over the same bytes, from the start, every time it is called.
   */
  @FunctionalInterface
  public interface StreamSupplier {
    /**
     * Opens the bytes from the start.
     *
     * @return a new stream; the caller closes it
     * @throws IOException when the source cannot be opened
     */
    InputStream open() throws IOException;
  }

  private final byte[] bytes;
  private final int offset;
  private final StreamSupplier supplier;
  private final Path file;
  private final long fileOffset;
  private final long length;
  private final BooleanSupplier cancelled;
  private final ChecksumTap tap;
  /** Where a send's bytes are paced; null for none. Hashing passes ({@link #digest}) are not. */
  private final BandwidthLimit limit;

  private PartContent(byte[] bytes, int offset, Path file, long fileOffset, long length,
      BooleanSupplier cancelled) {
    this(bytes, offset, null, file, fileOffset, length, cancelled, null, null);
  }

  private PartContent(byte[] bytes, int offset, StreamSupplier supplier, Path file,
      long fileOffset, long length, BooleanSupplier cancelled, ChecksumTap tap,
      BandwidthLimit limit) {
    this.bytes = bytes;
    this.offset = offset;
    this.supplier = supplier;
    this.file = file;
    this.fileOffset = fileOffset;
    this.length = length;
    this.cancelled = cancelled;
    this.tap = tap;
    this.limit = limit;
  }

  /** The same bytes, failing mid-send once {@code cancelled} turns true. */
  PartContent cancellable(BooleanSupplier cancelled) {
    return new PartContent(bytes, offset, supplier, file, fileOffset, length, cancelled, tap,
        limit);
  }

  /** The same bytes, each send paced by {@code limit} (null: not paced). */
  PartContent paced(BandwidthLimit limit) {
    return new PartContent(bytes, offset, supplier, file, fileOffset, length, cancelled, tap,
        limit);
  }

  /**
   * The same bytes, with every whole pass over them (a send, or a hashing pass before it)
   * leaving its CRC-32C in {@code tap}: the checksum of what was sent, at no extra read.
   */
  PartContent tapped(ChecksumTap tap) {
    return new PartContent(bytes, offset, supplier, file, fileOffset, length, cancelled, tap,
        limit);
  }

  /**
   * Where a tapped part's passes leave their CRC-32C. A pass counts only once it has read every
   * byte; the last whole pass wins, so after a part is acknowledged it holds the checksum of
   * the bytes the server took.
   */
  static final class ChecksumTap {
    private volatile long value = -1;

    /**
     * The CRC-32C of the last whole pass.
     *
     * @return the value, or -1 when no pass has read every byte yet
     */
    long value() {
      return value;
    }

    void record(long crc) {
      value = crc;
    }
  }

  /** The CRC-32C of this content, read once now (for checking a source against a record). */
  long crc32c() {
    ChecksumTap own = new ChecksumTap();
    tapped(own).digest();
    return own.value();
  }

  /**
   * The whole array. The array is kept, not copied: do not change it while the part is in use.
   *
   * @param bytes the bytes
   * @return the content
   */
  public static PartContent ofBytes(byte[] bytes) {
    return ofBytes(bytes, 0, Objects.requireNonNull(bytes, "bytes").length);
  }

  /**
   * A range of an array, kept, not copied.
   *
   * @param bytes the array
   * @param offset where the part starts
   * @param length how many bytes it has
   * @return the content
   * @throws InvalidRequestException when the range is outside the array
   */
  public static PartContent ofBytes(byte[] bytes, int offset, int length) {
    Objects.requireNonNull(bytes, "bytes");
    if (offset < 0 || length < 0 || offset > bytes.length - length) {
      throw new InvalidRequestException(
          "content", "range " + offset + "+" + length + " is outside an array of " + bytes.length);
    }
    return new PartContent(bytes, offset, null, 0, length, null);
  }

  /**
   * A slice of a file, read from disk whenever it is sent.
   *
   * @param file the file
   * @param offset where the part starts in the file
   * @param length how many bytes it has
   * @return the content
   * @throws InvalidRequestException when the offset or length is negative
   */
  public static PartContent ofFile(Path file, long offset, long length) {
    Objects.requireNonNull(file, "file");
    if (offset < 0 || length < 0) {
      throw new InvalidRequestException(
          "content", "file range " + offset + "+" + length + " must not be negative");
    }
    return new PartContent(null, 0, file, offset, length, null);
  }

  /**
   * Bytes from any source that can be read again from the start (each retry opens it anew): for
   * sources that are neither an array nor a file slice, and for encodings computed as they are
   * sent.
   *
   * @param length exactly how many bytes every opened stream yields
   * @param supplier opens the bytes from the start
   * @return the content
   * @throws InvalidRequestException when the length is negative
   */
  public static PartContent ofStream(long length, StreamSupplier supplier) {
    Objects.requireNonNull(supplier, "supplier");
    if (length < 0) {
      throw new InvalidRequestException("content", "length must not be negative (was " + length
          + ")");
    }
    return new PartContent(null, 0, supplier, null, 0, length, null, null, null);
  }

  /**
   * The number of bytes.
   *
   * @return the length
   */
  public long length() {
    return length;
  }

  /**
   * Opens the bytes from the start. The caller closes the stream.
   *
   * @return a stream of exactly {@link #length()} bytes
   * @throws IOException when the file cannot be read
   */
  public InputStream openStream() throws IOException {
    InputStream in;
    if (bytes != null) {
      in = new ByteArrayInputStream(bytes, offset, (int) length);
    } else if (supplier != null) {
      in = new PartStreams.BoundedStream(supplier.open(), length, "the stream");
    } else {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
      channel.position(fileOffset);
      in = new PartStreams.BoundedStream(Channels.newInputStream(channel), length,
          String.valueOf(file.getFileName()));
    }
    if (tap != null) {
      in = new PartStreams.TapStream(in, length, tap);
    }
    if (limit != null) {
      in = new PartStreams.PacedStream(in, limit);
    }
    return cancelled == null ? in : new PartStreams.CancellableStream(in, cancelled);
  }

  /**
   * Writes the bytes from the start.
   *
   * @param out where to write
   * @throws IOException when reading or writing fails, or the file is shorter than the slice
   */
  public void writeTo(OutputStream out) throws IOException {
    if (bytes != null && cancelled == null && tap == null && limit == null) {
      out.write(bytes, offset, (int) length);
      return;
    }
    byte[] buffer = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
    try (InputStream in = openStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
      }
    }
  }

  /**
   * Feeds the bytes to digests in one read.
   *
   * @param digests the digests to update
   * @throws UncheckedIOException when the file cannot be read
   */
  public void digest(MessageDigest... digests) {
    CRC32C crc = tap == null ? null : new CRC32C();
    if (bytes != null) {
      for (MessageDigest d : digests) {
        d.update(bytes, offset, (int) length);
      }
      if (crc != null) {
        crc.update(bytes, offset, (int) length);
        tap.record(crc.getValue());
      }
      return;
    }
    if (file == null) {
      byte[] buffer = new byte[CHUNK];
      try (InputStream in = openStream()) {
        int n;
        while ((n = in.read(buffer)) != -1) {
          for (MessageDigest d : digests) {
            d.update(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
      long position = fileOffset;
      long end = fileOffset + length;
      while (position < end) {
        buffer.clear().limit((int) Math.min(CHUNK, end - position));
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new IOException(file + " ended before byte " + end);
        }
        position += n;
        for (MessageDigest d : digests) {
          buffer.flip();
          d.update(buffer);
        }
        if (crc != null) {
          buffer.flip();
          crc.update(buffer);
        }
      }
      if (crc != null) {
        tap.record(crc.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the bytes come from a file.
   *
   * @return true for {@link #ofFile} content
   */
  public boolean isFile() {
    return file != null;
  }

  @Override
  public String toString() {
    return file != null
        ? "PartContent{file=" + file.getFileName() + ", offset=" + fileOffset + ", length=" + length
            + '}'
        : "PartContent{" + (bytes != null ? "bytes" : "stream") + ", length=" + length + '}';
  }
}
