package io.unipart.benchmarks;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sides of {@link InitiateBenchmark}, run alternately in one JVM in blocks of calls, so that
 * whatever the scheduler does to loopback latency on a small machine (where the client and server
 * threads land, whether a vCPU halted) hits every side alike. Prints each side's median, quartiles
 * and ratio to AWS SDK v2 over the measured blocks. A cross-check for the two-CPU JMH figures,
 * whose forks each sample one placement.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.unipart.benchmarks.InterleavedLatency \
 *     40 rawOkHttpFloor,unipart,unipartCos,awsSdkV2
 * </pre>
 */
public final class InterleavedLatency {
  private static final int CALLS_PER_BLOCK = 3000;
  private static final int WARM_UP_ROUNDS = 15;

  private InterleavedLatency() {}

  /**
   * Runs the comparison.
   *
   * @param args the number of measured rounds, then the sides (method names of {@link
   *     InitiateBenchmark}), comma-separated
   * @throws Exception when a call fails
   */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.parseInt(args[0]);
    String[] names = args[1].split(",");
    InitiateBenchmark b = new InitiateBenchmark();
    b.setUp();
    Map<String, Call> calls = new LinkedHashMap<>();
    calls.put("rawOkHttpFloor", b::rawOkHttpFloor);
    calls.put("rawOkHttpWithDeadline", b::rawOkHttpWithDeadline);
    calls.put("unipart", b::unipart);
    calls.put("unipartCos", b::unipartCos);
    calls.put("awsSdkV2", b::awsSdkV2);
    calls.put("cosSdk", b::cosSdk);
    calls.put("minio", b::minio);
    Call[] sides = new Call[names.length];
    for (int k = 0; k < names.length; k++) {
      sides[k] = calls.get(names[k]);
      if (sides[k] == null) {
        throw new IllegalArgumentException("no side " + names[k] + "; sides: " + calls.keySet());
      }
    }
    double[][] micros = new double[names.length][rounds];
    for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      for (int k = 0; k < names.length; k++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < CALLS_PER_BLOCK; i++) {
          sides[k].call();
        }
        long elapsed = System.nanoTime() - t0;
        if (round >= WARM_UP_ROUNDS) {
          micros[k][round - WARM_UP_ROUNDS] = elapsed / 1e3 / CALLS_PER_BLOCK;
        }
      }
    }
    b.tearDown();
    double aws = 0;
    for (int k = 0; k < names.length; k++) {
      Arrays.sort(micros[k]);
      if (names[k].equals("awsSdkV2")) {
        aws = micros[k][rounds / 2];
      }
    }
    System.out.printf("%d rounds of %d calls per side, alternating; µs/call%n", rounds,
        CALLS_PER_BLOCK);
    for (int k = 0; k < names.length; k++) {
      double[] m = micros[k];
      System.out.printf("%-22s median %7.1f   p25 %7.1f   p75 %7.1f%s%n", names[k],
          m[rounds / 2], m[rounds / 4], m[3 * rounds / 4],
          aws > 0 ? String.format("   ÷ AWS %.2f", m[rounds / 2] / aws) : "");
    }
    System.exit(0); // the peers' clients leave non-daemon threads behind
  }

  /** One call of a side. */
  @FunctionalInterface
  private interface Call {
    Object call() throws Exception;
  }
}
