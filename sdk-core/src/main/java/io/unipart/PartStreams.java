package io.unipart;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32C;

/**
 * The streams a {@link PartContent} pass reads through: bounded to the part, its CRC-32C taken on
 * the way, paced by a bandwidth limit, and failing once the transfer is cancelled.
 */
final class PartStreams {
  private PartStreams() {}

  /** Feeds a pass's bytes to a CRC-32C; records it in the tap once the pass has read them all. */
  static final class TapStream extends FilterInputStream {
    private final CRC32C crc = new CRC32C();
    private final PartContent.ChecksumTap tap;
    private long remaining;

    TapStream(InputStream in, long length, PartContent.ChecksumTap tap) {
      super(in);
      this.tap = tap;
      this.remaining = length;
      if (length == 0) {
        tap.record(crc.getValue());
      }
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        crc.update(b);
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        crc.update(b, off, n);
        counted(n);
      }
      return n;
    }

    @Override
    public long skip(long n) {
      return 0; // every byte must pass through the checksum
    }

    private void counted(int n) {
      remaining -= n;
      if (remaining == 0) {
        tap.record(crc.getValue());
      }
    }
  }

  /** Stops a send in its tracks once the upload is cancelled. */
  static final class CancellableStream extends FilterInputStream {
    private final BooleanSupplier cancelled;

    CancellableStream(InputStream in, BooleanSupplier cancelled) {
      super(in);
      this.cancelled = cancelled;
    }

    @Override
    public int read() throws IOException {
      check();
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      check();
      return super.read(b, off, Math.min(len, PartContent.CHUNK));
    }

    private void check() throws IOException {
      if (cancelled.getAsBoolean()) {
        throw new InterruptedIOException("the upload was cancelled");
      }
    }
  }

  /** Reads at most {@code remaining} bytes, and fails if the file ends sooner. */
  static final class BoundedStream extends InputStream {
    private final InputStream in;
    private final String source;
    private long remaining;

    BoundedStream(InputStream in, long remaining, String source) {
      this.in = in;
      this.remaining = remaining;
      this.source = source;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new IOException(source + " is shorter than the part being sent");
      }
      remaining -= n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * Takes each read's bytes from a {@link BandwidthLimit} before handing them on, in reads small
   * enough (10 ms of bytes) that the limit holds over short windows too.
   */
  static final class PacedStream extends java.io.FilterInputStream {
    private final BandwidthLimit limit;

    PacedStream(InputStream in, BandwidthLimit limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        limit.take(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, Math.min(len, limit.readSize()));
      if (n > 0) {
        limit.take(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return in.skip(n);
    }
  }
}
