package io.unipart;

import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A cap on the bytes per second uploads send, shared by every part of every transfer given the
 * same instance ({@link TransferOptions.Builder#bandwidthLimit}): one limit for a whole directory,
 * or for all uploads of a process.
 *
 * <pre>{@code
 * BandwidthLimit limit = BandwidthLimit.bytesPerSecond(50L << 20);   // 50 MiB/s, in all
 * TransferOptions options = TransferOptions.builder().bandwidthLimit(limit).build();
 * uploader.upload(a, requestA, options);
 * uploader.upload(b, requestB, options);   // at the same time: 50 MiB/s between them
 * }</pre>
 *
 * <p>A token bucket: part bodies take their bytes from it as they are read to be sent (a hashing
 * pass before a send is not counted; a part sent again is), in reads of at most 10 ms of bytes
 * (1 KiB at the least), waiting without spinning when it is empty. It may run ahead by 100 ms of
 * bytes after an idle spell, so over any 10 s it sends at most about 1% over the rate (from
 * 10 KiB/s up; below, the 1 KiB reads are the steps). The rate counts request bodies, not
 * headers or TLS framing. Parts go out as fast as the other limits let them when none is given.
 * Thread-safe.
 */
public final class BandwidthLimit {
  /** How far ahead of the rate sends may run: a burst of 100 ms of bytes. */
  static final long BURST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private final Sleep sleep;
  private final Object lock = new Object();
  /** When every byte taken so far is paid for at the rate. */
  private long paidUntil = Long.MIN_VALUE;

  /** How a wait is made: {@link TimeUnit#sleep} in production; a test's clock in tests. */
  interface Sleep {
    void nanos(long nanos) throws InterruptedException;
  }

  BandwidthLimit(long bytesPerSecond, LongSupplier nanoTime, Sleep sleep) {
    if (bytesPerSecond < 1) {
      throw new InvalidRequestException("bandwidthLimit", "must be at least 1 byte per second"
          + " (was " + bytesPerSecond + ")");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
    this.sleep = sleep;
  }

  /**
   * A limit of this many bytes per second, for every transfer that is given it.
   *
   * @param bytesPerSecond at least 1
   * @return the limit
   * @throws InvalidRequestException naming {@code bandwidthLimit} when it is below 1
   */
  public static BandwidthLimit bytesPerSecond(long bytesPerSecond) {
    return new BandwidthLimit(bytesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
  }

  /**
   * The rate.
   *
   * @return bytes per second
   */
  public long bytesPerSecond() {
    return bytesPerSecond;
  }

  /** The most bytes one read may take: 10 ms of bytes at the rate, and at least 1 KiB. */
  int readSize() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1024, bytesPerSecond / 100));
  }

  /**
   * Takes {@code n} bytes, waiting until the rate allows them. A wait cut short by an interrupt
   * gives the bytes back, so the transfers sharing the limit are not held up by them.
   *
   * @throws InterruptedIOException when the thread is interrupted while it waits (its interrupt
   *     flag set again)
   */
  void take(long n) throws InterruptedIOException {
    if (n <= 0) {
      return;
    }
    long wait;
    long cost = costNanos(n);
    synchronized (lock) {
      long now = nanoTime.getAsLong();
      if (paidUntil == Long.MIN_VALUE || paidUntil < now) {
        paidUntil = now;
      }
      paidUntil += cost;
      wait = paidUntil - BURST_NANOS - now;
    }
    if (wait > 0) {
      try {
        sleep.nanos(wait);
      } catch (InterruptedException e) {
        synchronized (lock) {
          paidUntil -= cost;
        }
        Thread.currentThread().interrupt();
        InterruptedIOException io = new InterruptedIOException("interrupted while waiting for"
            + " the bandwidth limit");
        io.initCause(e);
        throw io;
      }
    }
  }

  private long costNanos(long n) {
    long high = Math.multiplyHigh(n, 1_000_000_000L);
    if (high != 0) {
      return Long.MAX_VALUE / 4;
    }
    return (n * 1_000_000_000L + bytesPerSecond - 1) / bytesPerSecond;
  }

  @Override
  public String toString() {
    return "BandwidthLimit{" + bytesPerSecond + " B/s}";
  }
}
