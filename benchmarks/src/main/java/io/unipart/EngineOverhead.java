package io.unipart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The upload engine's own cost per part, with no network: uploads of 1,000 and 10,000 ten-byte
 * parts through {@link TransferRun} against sdk-core's in-memory {@code FakeMultipartClient}, with
 * a checkpoint, at concurrency 1 and 8. After warm-up uploads in the same JVM, prints per size
 * the median wall time of 7 uploads, the time per part, and the checkpoint writes and bytes; ten
 * times the parts should cost about ten times the time and the bytes. (At concurrency 8 the bytes
 * also depend on the disk: a write still running when parts arrive covers them all.)
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.unipart.EngineOverhead
 * </pre>
 */
public final class EngineOverhead {
  private EngineOverhead() {}

  /**
   * Runs the measurement.
   *
   * @param args none
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("engine-overhead");
    for (int warm = 0; warm < 3; warm++) {
      once(dir, 10_000, 8);
    }
    System.out.println("# " + Runtime.getRuntime().availableProcessors() + " cpus, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    for (int concurrency : new int[] {1, 8}) {
      double[] perPart = new double[2];
      long[] bytes = new long[2];
      int[] sizes = {1_000, 10_000};
      for (int s = 0; s < sizes.length; s++) {
        long[] nanos = new long[7];
        long[] last = null;
        for (int i = 0; i < nanos.length; i++) {
          last = once(dir, sizes[s], concurrency);
          nanos[i] = last[0];
        }
        Arrays.sort(nanos);
        double ms = nanos[nanos.length / 2] / 1e6;
        perPart[s] = ms * 1000 / sizes[s];
        bytes[s] = last[1];
        System.out.printf(Locale.ROOT, "concurrency=%d parts=%d medianMs=%.1f usPerPart=%.1f"
            + " checkpointWrites=%d checkpointBytes=%d%n", concurrency, sizes[s], ms, perPart[s],
            last[2], last[1]);
      }
      System.out.printf(Locale.ROOT, "concurrency=%d: 10,000 parts against 1,000: time per part"
          + " x%.2f, checkpoint bytes x%.1f (linear: x1.00 and x10)%n", concurrency,
          perPart[1] / perPart[0], bytes[1] / (double) bytes[0]);
    }
  }

  /** One upload: nanoseconds, checkpoint bytes, checkpoint writes. */
  static long[] once(Path dir, int parts, int concurrency) throws Exception {
    FakeMultipartClient fake = FakeMultipartClient.s3Like();
    byte[] bytes = new byte[parts * 10];
    Path file = Files.write(dir.resolve("f" + parts), bytes);
    Path checkpoint = dir.resolve("f" + parts + ".checkpoint");
    long start = System.nanoTime();
    TransferRun run = new TransferRun(fake, concurrency, null, 8 << 20, TransferOptions.builder()
        .checkpoint(checkpoint).build(), file, null,
        TransferPlan.Start.fresh(UploadRequest.builder().key("k").partSize(10L).build()),
        UploadEventListener.NONE);
    UploadResult result = run.run();
    long nanos = System.nanoTime() - start;
    if (result.parts().size() != parts) {
      throw new IllegalStateException(result.parts().size() + " parts, not " + parts);
    }
    return new long[] {nanos, run.checkpointBytesWritten(), run.checkpointWrites()};
  }
}
