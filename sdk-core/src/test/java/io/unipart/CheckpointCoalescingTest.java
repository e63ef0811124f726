package io.unipart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint is written outside the engine's lock and coalesced: the bytes written for an
 * upload grow linearly with its part count, not quadratically; a failure still leaves every
 * acknowledged part on disk; and progress reaches the listener in order, outside the lock.
 * Against the in-memory provider stand-in of {@link ResumeSourceCheckTest}.
 */
class CheckpointCoalescingTest {
  @TempDir Path dir;

  long[] upload(int parts) throws Exception {
    ResumeSourceCheckTest.Fake fake = new ResumeSourceCheckTest.Fake(
        ResumeSourceCheckTest.Kind.LISTS_ETAGS);
    Path file = Files.write(dir.resolve("f" + parts), ResumeSourceCheckTest.bytes(parts * 10, 9));
    Path checkpoint = dir.resolve("f" + parts + ".checkpoint");
    List<TransferProgress> events = Collections.synchronizedList(new ArrayList<>());
    // One part at a time: each due write then runs before the next part is recorded, so the
    // count does not depend on how fast this machine's disk is. With eight threads, a slow write
    // (a loaded CI disk) lets every remaining part of a fast in-memory upload be recorded while
    // it runs, and the figures measure the disk instead of the coalescing rule.
    TransferRun run = new TransferRun(fake, 1, null, 8 << 20, TransferOptions.builder()
        .checkpoint(checkpoint).progressListener(events::add).build(), file, null,
        TransferPlan.Start.fresh(UploadRequest.builder().key("k").partSize(10L).build()),
        UploadEventListener.NONE);
    UploadResult result = run.run();
    assertThat(result.parts()).hasSize(parts);
    assertThat(checkpoint).doesNotExist();
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).completedParts()).isEqualTo(i + 1);
      assertThat(events.get(i).transferredBytes()).isEqualTo((i + 1) * 10L);
    }
    return new long[] {run.checkpointBytesWritten(), run.checkpointWrites()};
  }

  @Test
  void checkpointBytesGrowLinearlyWithThePartCount() throws Exception {
    long[] thousand = upload(1_000);
    long[] tenThousand = upload(10_000);
    double ratio = (double) tenThousand[0] / thousand[0];
    System.out.printf("checkpoint writes/bytes: 1,000 parts %d/%d, 10,000 parts %d/%d (x%.1f)%n",
        thousand[1], thousand[0], tenThousand[1], tenThousand[0], ratio);
    // Linear growth is about x10 (each write is ~10x larger, with about as many writes);
    // writing after every part would be about x100.
    assertThat(ratio).isLessThan(30);
    assertThat(tenThousand[1]).isLessThan(1_000);
  }

  @Test
  void aFailureStillLeavesEveryAcknowledgedPartOnDisk() throws Exception {
    ResumeSourceCheckTest.Fake fake = new ResumeSourceCheckTest.Fake(
        ResumeSourceCheckTest.Kind.CANNOT_LIST);
    fake.failFrom = 1 + 700;
    Path file = Files.write(dir.resolve("g"), ResumeSourceCheckTest.bytes(10_000, 3));
    Path checkpoint = dir.resolve("g.checkpoint");
    UploadFailedException e = catchThrowableOfType(() -> MultipartUploader.builder(fake)
        .concurrency(1).build().upload(file, UploadRequest.builder().key("k").partSize(10L)
            .build(), TransferOptions.builder().checkpoint(checkpoint).build()),
        UploadFailedException.class);
    assertThat(e.checkpoint()).contains(checkpoint);
    assertThat(UploadCheckpoint.read(checkpoint).parts()).hasSize(700);
  }
}
