package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upload engine in its parts (plan, scheduler, state, failure report) through the public
 * {@link MultipartUploader}, against {@link FakeMultipartClient}, an in-memory provider stand-in:
 * planning, the order of progress events, the fail, abort and keep decisions, cancel with parts in
 * flight, part-URL renewal and restart, and an application's executor.
 */
class EngineTest {
  @TempDir Path dir;

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  Path file(String name, byte[] content) throws Exception {
    return Files.write(dir.resolve(name), content);
  }

  // ---- planning ----

  @Test
  void theRequestsPartSizeIsPlannedAndRecordedInTheSession() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    byte[] data = bytes(1000, 1);
    UploadResult result = MultipartUploader.builder(fake).concurrency(2).build()
        .upload(file("a", data), UploadRequest.builder().key("a").partSize(300L).build());
    assertThat(result.parts()).extracting(UploadedPart::size).containsExactly(300L, 300L, 300L,
        100L);
    assertThat(fake.initiated.get(0).partSize()).hasValue(300);
    assertThat(fake.initiated.get(0).contentLength()).hasValue(1000);
    assertThat(fake.objects.get("a")).isEqualTo(data);
  }

  @Test
  void withoutAPartSizeTheDefaultIsRaisedToWholeMibKeepingWithinTheMaximumPartCount()
      throws Exception {
    FakeMultipartClient fake = new FakeMultipartClient(UploadCapabilities.builder()
        .partSize(1, 8 << 20).maxPartCount(10).firstPartNumber(1).canAbort(true).build());
    byte[] data = bytes((10 << 20) + 1, 2); // 11 parts of the 1 MiB default: one too many
    UploadResult result = MultipartUploader.builder(fake).defaultPartSize(1 << 20).build()
        .upload(file("b", data), UploadRequest.builder().key("b").build());
    assertThat(fake.initiated.get(0).partSize()).hasValue(2 << 20);
    assertThat(result.parts()).hasSize(6);
    assertThat(fake.objects.get("b")).isEqualTo(data);
  }

  @Test
  void aPlanTheDialectCannotTakeIsRefusedBeforeAnyCall() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(fake).build().upload(file("c", bytes(100, 3)),
            UploadRequest.builder().key("c").partSize(2L << 20).build()));
    assertThat(e.field()).isEqualTo("partSize");
    assertThat(fake.calls).isEmpty();

    FakeMultipartClient atStart = FakeMultipartClient.urlsAtStart();
    e = catchThrowableOfType(InvalidRequestException.class,
        () -> MultipartUploader.builder(atStart).build().upload(
            new ByteArrayInputStream(bytes(10, 4)), UploadRequest.builder().key("d").build()));
    assertThat(e.field()).isEqualTo("contentLength");
    assertThat(atStart.calls).isEmpty();
  }

  @Test
  void aStreamOfUnknownLengthIsSentPartByPartAndItsLengthLearnt() {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    byte[] data = bytes(2500, 5);
    UploadResult result = MultipartUploader.builder(fake).concurrency(3).build().upload(
        new ByteArrayInputStream(data), UploadRequest.builder().key("s").partSize(1000L).build());
    assertThat(result.parts()).extracting(UploadedPart::size).containsExactly(1000L, 1000L,
        500L);
    assertThat(fake.objects.get("s")).isEqualTo(data);
  }

  // ---- progress ----

  @Test
  void progressReachesTheListenerInOrderWithRunningTotals() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    List<TransferProgress> events = Collections.synchronizedList(new ArrayList<>());
    byte[] data = bytes(10_000, 6);
    MultipartUploader.builder(fake).concurrency(8).build().upload(file("p", data),
        UploadRequest.builder().key("p").partSize(100L).build(),
        TransferOptions.builder().progressListener(events::add).build());
    assertThat(events).hasSize(100);
    for (int i = 0; i < events.size(); i++) {
      TransferProgress p = events.get(i);
      assertThat(p.completedParts()).isEqualTo(i + 1);
      assertThat(p.transferredBytes()).isEqualTo(100L * (i + 1));
      assertThat(p.totalBytes()).isEqualTo(10_000);
    }
    assertThat(events).extracting(TransferProgress::partNumber).doesNotHaveDuplicates();
  }

  @Test
  void aFailingListenerDoesNotStopTheUpload() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    byte[] data = bytes(500, 7);
    MultipartUploader.builder(fake).build().upload(file("l", data),
        UploadRequest.builder().key("l").partSize(100L).build(),
        TransferOptions.builder().progressListener(p -> {
          throw new IllegalStateException("listener bug");
        }).build());
    assertThat(fake.objects.get("l")).isEqualTo(data);
  }

  // ---- fail, abort, keep ----

  @Test
  void aFailedPartAbortsTheUploadByDefault() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    fake.failPart(3, Integer.MAX_VALUE);
    UploadFailedException e = catchThrowableOfType(UploadFailedException.class,
        () -> MultipartUploader.builder(fake).concurrency(2).build().upload(
            file("f", bytes(1000, 8)), UploadRequest.builder().key("f").partSize(100L).build()));
    assertThat(e.aborted()).isTrue();
    assertThat(e.cancelled()).isFalse();
    assertThat(e.getCause()).isInstanceOf(TransportException.class);
    assertThat(fake.callsOf("abort")).containsExactly("abort up-1");
    assertThat(fake.callsOf("complete")).isEmpty();
    assertThat(fake.uploads).isEmpty();
  }

  @Test
  void withACheckpointAndAbortOffTheUploadIsKeptAndEveryAcknowledgedPartRecorded()
      throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    fake.failFrom = 6;
    Path checkpoint = dir.resolve("k.checkpoint");
    byte[] data = bytes(1000, 9);
    Path source = file("k", data);
    UploadFailedException e = catchThrowableOfType(UploadFailedException.class,
        () -> MultipartUploader.builder(fake).concurrency(1).build().upload(source,
            UploadRequest.builder().key("k").partSize(100L).build(),
            TransferOptions.builder().checkpoint(checkpoint).abortOnFailure(false).build()));
    assertThat(e.aborted()).isFalse();
    assertThat(e.checkpoint()).hasValue(checkpoint);
    assertThat(fake.callsOf("abort")).isEmpty();
    assertThat(UploadCheckpoint.read(checkpoint).parts()).extracting(UploadedPart::partNumber)
        .containsExactly(1, 2, 3, 4, 5);

    fake.failFrom = Integer.MAX_VALUE;
    MultipartUploader.builder(fake).build().resume(checkpoint, source);
    assertThat(fake.objects.get("k")).isEqualTo(data);
    assertThat(fake.callsOf("part")).extracting(c -> c.substring(c.lastIndexOf(' ') + 1))
        .containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    assertThat(checkpoint).doesNotExist();
  }

  @Test
  void aDialectThatCannotAbortKeepsTheUploadAndSaysSo() throws Exception {
    FakeMultipartClient fake = new FakeMultipartClient(UploadCapabilities.builder()
        .partSize(1, 1 << 20).maxPartCount(100).firstPartNumber(1).canAbort(false).build());
    fake.failPart(2, Integer.MAX_VALUE);
    UploadFailedException e = catchThrowableOfType(UploadFailedException.class,
        () -> MultipartUploader.builder(fake).concurrency(1).build().upload(
            file("n", bytes(300, 10)), UploadRequest.builder().key("n").partSize(100L).build()));
    assertThat(e.aborted()).isFalse();
    assertThat(e.getMessage()).contains("cannot abort");
    assertThat(fake.callsOf("abort")).isEmpty();
  }

  // ---- cancel ----

  @Test
  void cancelWithPartsInFlightStopsThemAbortsAndLeavesNoThread() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    fake.gate = new CountDownLatch(1);
    fake.atGate = new CountDownLatch(4);
    Transfer transfer = MultipartUploader.builder(fake).concurrency(4).build().start(
        file("x", bytes(2000, 11)), UploadRequest.builder().key("x").partSize(100L).build(),
        TransferOptions.defaults());
    assertThat(fake.atGate.await(10, TimeUnit.SECONDS)).isTrue();
    transfer.cancel();
    UploadFailedException e = catchThrowableOfType(UploadFailedException.class,
        transfer::join);
    assertThat(e.cancelled()).isTrue();
    assertThat(e.aborted()).isTrue();
    assertThat(fake.callsOf("part")).isEmpty();
    assertThat(fake.callsOf("complete")).isEmpty();
    // Every part had ended before the abort: nothing of this upload ran after it.
    assertThat(fake.calls.get(fake.calls.size() - 1)).isEqualTo("abort up-1");
    fake.gate.countDown();
    assertThat(liveUploadThreads(5_000)).isZero();
  }

  /** Threads named for uploads, waiting up to a while for pool threads to finish ending. */
  static long liveUploadThreads(long waitMillis) throws InterruptedException {
    long until = System.currentTimeMillis() + waitMillis;
    long live;
    do {
      live = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.isAlive() && t.getName().startsWith("unipart-upload-")).count();
      if (live == 0) {
        return 0;
      }
      Thread.sleep(20);
    } while (System.currentTimeMillis() < until);
    return live;
  }

  // ---- part URLs ----

  @Test
  void expiredPartUrlsAreRenewedOnceAndTheUploadGoesOn() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.urlsAtStart();
    fake.expireUrls("up-1");
    byte[] data = bytes(1000, 12);
    MultipartUploader.builder(fake).concurrency(4).build().upload(file("u", data),
        UploadRequest.builder().key("u").partSize(100L).build());
    assertThat(fake.callsOf("renew")).containsExactly("renew up-1");
    assertThat(fake.objects.get("u")).isEqualTo(data);
  }

  @Test
  void aRenewalThatReplacesTheUploadSendsAFileAgainUnderTheNewOne() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.urlsAtStart();
    fake.expireUrls("up-1");
    fake.renewReplacesUpload = true;
    byte[] data = bytes(1000, 13);
    Path checkpoint = dir.resolve("r.checkpoint");
    UploadResult result = MultipartUploader.builder(fake).concurrency(1).build().upload(
        file("r", data), UploadRequest.builder().key("r").partSize(100L).build(),
        TransferOptions.builder().checkpoint(checkpoint).build());
    assertThat(result.uploadId()).isEqualTo("up-2");
    assertThat(fake.callsOf("complete")).containsExactly("complete up-2");
    assertThat(fake.objects.get("r")).isEqualTo(data);
    assertThat(checkpoint).doesNotExist();
  }

  @Test
  void aRenewalThatReplacesTheUploadFailsAStreamWhichCannotBeReadAgain() {
    FakeMultipartClient fake = FakeMultipartClient.urlsAtStart();
    fake.expireUrls("up-1");
    fake.renewReplacesUpload = true;
    UploadFailedException e = catchThrowableOfType(UploadFailedException.class,
        () -> MultipartUploader.builder(fake).concurrency(1).build().upload(
            new ByteArrayInputStream(bytes(1000, 14)),
            UploadRequest.builder().key("q").partSize(100L).contentLength(1000L).build()));
    assertThat(e.getCause()).hasMessageContaining("a stream cannot be read again");
    assertThat(fake.objects).doesNotContainKey("q");
  }

  // ---- an application's executor ----

  @Test
  void partsRunOnTheApplicationsExecutorAtMostConcurrencyAtOnce() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    AtomicInteger n = new AtomicInteger();
    ExecutorService mine = Executors.newFixedThreadPool(16,
        r -> new Thread(r, "mine-" + n.incrementAndGet()));
    try {
      byte[] data = bytes(5000, 15);
      MultipartUploader.builder(fake).concurrency(3).executor(mine).build()
          .upload(file("e", data), UploadRequest.builder().key("e").partSize(100L).build());
      assertThat(fake.objects.get("e")).isEqualTo(data);
      assertThat(fake.partThreads).allMatch(t -> t.startsWith("mine-"));
      assertThat(fake.mostInFlight.get()).isBetween(1, 3);
      assertThat(mine.isShutdown()).isFalse();
    } finally {
      mine.shutdownNow();
    }
  }

  // ---- events ----

  /** Records parts and transfers as the uploader reports them. */
  static final class Recording implements UploadEventListener {
    final List<PartEvent> parts = Collections.synchronizedList(new ArrayList<>());
    final List<TransferEvent> transfers = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void partFinished(PartEvent part) {
      parts.add(part);
    }

    @Override
    public void transferFinished(TransferEvent transfer) {
      transfers.add(transfer);
    }
  }

  @Test
  void everyPartAndTheTransferAreReportedWhenTheyEnd() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    Recording events = new Recording();
    MultipartUploader.builder(fake).concurrency(3).eventListener(events).build()
        .upload(file("ev", bytes(1000, 16)), UploadRequest.builder().key("ev").partSize(300L)
            .build());
    assertThat(events.parts).hasSize(4).allMatch(p -> p.succeeded()
        && p.dialect().equals("fake") && p.uploadId().equals("up-1") && !p.duration().isNegative());
    assertThat(events.parts).extracting(UploadEventListener.PartEvent::partNumber)
        .containsExactlyInAnyOrder(1, 2, 3, 4);
    assertThat(events.parts).extracting(UploadEventListener.PartEvent::bytes)
        .containsExactlyInAnyOrder(300L, 300L, 300L, 100L);
    assertThat(events.transfers).singleElement().satisfies(t -> {
      assertThat(t.outcome()).isEqualTo(UploadEventListener.Outcome.COMPLETED);
      assertThat(t.key()).isEqualTo("ev");
      assertThat(t.uploadId()).isEqualTo("up-1");
      assertThat(t.bytes()).isEqualTo(1000);
      assertThat(t.parts()).isEqualTo(4);
    });
  }

  @Test
  void aFailedPartAndAFailedTransferAreReportedAsSuch() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    fake.failPart(2, Integer.MAX_VALUE);
    Recording events = new Recording();
    catchThrowableOfType(UploadFailedException.class,
        () -> MultipartUploader.builder(fake).concurrency(1).eventListener(events).build()
            .upload(file("fv", bytes(300, 17)), UploadRequest.builder().key("fv").partSize(100L)
                .build()));
    assertThat(events.parts).filteredOn(p -> !p.succeeded())
        .extracting(UploadEventListener.PartEvent::partNumber).containsExactly(2);
    assertThat(events.transfers).singleElement().satisfies(t -> {
      assertThat(t.outcome()).isEqualTo(UploadEventListener.Outcome.FAILED);
      assertThat(t.parts()).isEqualTo(1);
      assertThat(t.bytes()).isEqualTo(100);
    });
  }

  @Test
  void aCancelledTransferIsReportedCancelled() throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    fake.gate = new CountDownLatch(1);
    fake.atGate = new CountDownLatch(1);
    Recording events = new Recording();
    Transfer transfer = MultipartUploader.builder(fake).concurrency(1).eventListener(events)
        .build().start(file("cv", bytes(300, 18)),
            UploadRequest.builder().key("cv").partSize(100L).build(), TransferOptions.defaults());
    assertThat(fake.atGate.await(10, TimeUnit.SECONDS)).isTrue();
    transfer.cancel();
    catchThrowableOfType(UploadFailedException.class, transfer::join);
    fake.gate.countDown();
    assertThat(events.transfers).singleElement()
        .extracting(UploadEventListener.TransferEvent::outcome)
        .isEqualTo(UploadEventListener.Outcome.CANCELLED);
  }
}
