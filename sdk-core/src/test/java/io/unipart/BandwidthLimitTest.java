package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BandwidthLimit}: a token bucket every part of every transfer given it draws on, waiting
 * (never spinning) when it is empty. Timed on a clock the test turns, so the checks are exact
 * and fast; the wall-clock accuracy is measured in docs/BENCHMARKS.md, not asserted here.
 */
class BandwidthLimitTest {
  static final long MIB = 1L << 20;

  @TempDir Path dir;

  /** A clock that moves only when the limit waits on it, and counts the waits. */
  static final class TurnedClock {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AtomicLong waits = new AtomicLong();

    BandwidthLimit limit(long bytesPerSecond) {
      return new BandwidthLimit(bytesPerSecond, now::get, nanos -> {
        waits.incrementAndGet();
        now.addAndGet(nanos);
      });
    }

    double seconds(long since) {
      return (now.get() - since) / 1e9;
    }
  }

  @Test
  void tenMibAtOneMibASecondTakeTenSecondsLessTheBurst() throws Exception {
    TurnedClock clock = new TurnedClock();
    BandwidthLimit limit = clock.limit(MIB);
    long start = clock.now.get();
    for (int i = 0; i < 160; i++) {
      limit.take(64 << 10);
    }
    // Ten seconds of bytes, the first 100 ms of them sent at once.
    assertThat(clock.seconds(start)).isBetween(9.89, 9.91);
    assertThat(clock.waits.get()).isGreaterThan(100);
  }

  @Test
  void anIdleSpellBanksNoMoreThanTheBurst() throws Exception {
    TurnedClock clock = new TurnedClock();
    BandwidthLimit limit = clock.limit(MIB);
    limit.take(MIB);
    clock.now.addAndGet(60_000_000_000L); // a minute idle
    long start = clock.now.get();
    limit.take(2 * MIB);
    assertThat(clock.seconds(start)).isBetween(1.89, 1.91);
  }

  @Test
  void twoTransfersGivenOneLimitShareIt() throws Exception {
    TurnedClock clock = new TurnedClock();
    BandwidthLimit shared = clock.limit(MIB);
    long start = clock.now.get();
    for (int i = 0; i < 40; i++) {
      shared.take(64 << 10); // one transfer's read
      shared.take(64 << 10); // the other's
    }
    assertThat(clock.seconds(start)).as("5 MiB between them at 1 MiB/s").isBetween(4.89, 4.91);
  }

  @Test
  void aWaitIsInterruptibleAndKeepsTheInterrupt() throws Exception {
    BandwidthLimit slow = BandwidthLimit.bytesPerSecond(1);
    Thread.currentThread().interrupt();
    InterruptedIOException e = catchThrowableOfType(InterruptedIOException.class,
        () -> slow.take(1_000));
    assertThat(e).hasMessageContaining("bandwidth limit");
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aWaitCutShortGivesItsBytesBackToTheOthers() throws Exception {
    AtomicLong now = new AtomicLong(0);
    java.util.concurrent.atomic.AtomicBoolean interrupt =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    AtomicLong waited = new AtomicLong();
    BandwidthLimit limit = new BandwidthLimit(MIB, now::get, nanos -> {
      if (interrupt.getAndSet(false)) {
        throw new InterruptedException("cancelled");
      }
      waited.addAndGet(nanos);
    });
    catchThrowableOfType(InterruptedIOException.class, () -> limit.take(10 * MIB));
    assertThat(Thread.interrupted()).isTrue();

    limit.take(MIB);
    // The cancelled 10 MiB were given back: the next MiB waits 0.9 s, not 10.9 s.
    assertThat(waited.get()).isBetween(890_000_000L, 910_000_000L);
  }

  @Test
  void readsAreCutToTenMillisecondsOfBytes() {
    assertThat(BandwidthLimit.bytesPerSecond(100L * MIB).readSize()).isEqualTo((int) MIB);
    assertThat(BandwidthLimit.bytesPerSecond(10 * 1024).readSize()).isEqualTo(1024);
  }

  @Test
  void aRateBelowOneIsRefusedNamingTheSetting() {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> BandwidthLimit.bytesPerSecond(0));
    assertThat(e.field()).isEqualTo("bandwidthLimit");
  }

  @Test
  void anUploadsPartsArePaced() throws Exception {
    byte[] data = new byte[(int) (4 * MIB)];
    new Random(3).nextBytes(data);
    Path file = Files.write(dir.resolve("paced.bin"), data);
    TurnedClock clock = new TurnedClock();
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    long start = clock.now.get();
    UploadResult result = MultipartUploader.builder(fake).concurrency(1).build().upload(file,
        UploadRequest.builder().key("paced").partSize(MIB).build(),
        TransferOptions.builder().bandwidthLimit(clock.limit(2 * MIB)).build());
    assertThat(fake.objects.get("paced")).isEqualTo(data);
    assertThat(result.parts()).hasSize(4);
    // 4 MiB at 2 MiB/s: two seconds less the burst; only the bytes sent draw on it.
    assertThat(clock.seconds(start)).isBetween(1.89, 1.91);
  }

  @Test
  void aHashingPassDoesNotDrawOnTheLimitASendDoes() throws Exception {
    TurnedClock clock = new TurnedClock();
    PartContent content = PartContent.ofBytes(new byte[(int) MIB]).paced(clock.limit(MIB / 4));
    content.digest(java.security.MessageDigest.getInstance("MD5"));
    assertThat(clock.waits.get()).isZero();
    long start = clock.now.get();
    content.writeTo(java.io.OutputStream.nullOutputStream());
    assertThat(clock.seconds(start)).isBetween(3.89, 3.91);
  }

  @Test
  void withoutALimitNothingWaits() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    Path file = Files.write(dir.resolve("free.bin"), new byte[(int) MIB]);
    TransferOptions options = TransferOptions.builder().build();
    assertThat(options.bandwidthLimit()).isEmpty();
    MultipartUploader.builder(fake).build().upload(file,
        UploadRequest.builder().key("free").build(), options);
    assertThat(fake.objects.get("free")).hasSize((int) MIB);
  }
}
