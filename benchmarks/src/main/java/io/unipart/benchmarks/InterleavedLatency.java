package io.unipart.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sides of {@link InitiateBenchmark}, run alternately in one JVM in blocks of calls, so that
 * whatever the scheduler does to loopback latency on a small machine (where the client and server
 * threads land, whether a vCPU halted) hits every side alike. Prints each side's median, quartiles
 * and ratio to AWS SDK v2 over the measured blocks. A cross-check for the two-CPU JMH figures,
 * whose forks each sample one placement. On Linux it also prints, per side, the context switches
 * per call of each group of threads (from {@code /proc/self/task}): the other threads a call
 * wakes, each wake-up a cross-CPU interrupt when that thread sleeps on the other CPU.
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
    @SuppressWarnings("unchecked")
    Map<String, Long>[] switches = new Map[names.length]; // per side: thread id to switches
    for (int k = 0; k < names.length; k++) {
      switches[k] = new TreeMap<>();
    }
    for (int round = 0; round < WARM_UP_ROUNDS + rounds; round++) {
      for (int k = 0; k < names.length; k++) {
        Map<String, Long> before = contextSwitches();
        long t0 = System.nanoTime();
        for (int i = 0; i < CALLS_PER_BLOCK; i++) {
          sides[k].call();
        }
        long elapsed = System.nanoTime() - t0;
        if (round >= WARM_UP_ROUNDS) {
          micros[k][round - WARM_UP_ROUNDS] = elapsed / 1e3 / CALLS_PER_BLOCK;
          Map<String, Long> sum = switches[k];
          contextSwitches().forEach((thread, n) ->
              sum.merge(thread, n - before.getOrDefault(thread, 0L), Long::sum));
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
    System.out.println("context switches per call, by thread (those above 0.05):");
    long measured = (long) rounds * CALLS_PER_BLOCK;
    for (int k = 0; k < names.length; k++) {
      StringBuilder line = new StringBuilder(String.format("%-22s", names[k]));
      Map<String, Long> byName = new TreeMap<>();
      switches[k].forEach((tid, n) -> byName.merge(THREAD_NAMES.get(tid), n, Long::sum));
      byName.forEach((thread, n) -> {
        if (n > measured / 20) {
          line.append(String.format(" %s %.2f;", thread, n / (double) measured));
        }
      });
      System.out.println(line);
    }
    System.exit(0); // the peers' clients leave non-daemon threads behind
  }

  /** Thread id to name, as last seen ({@link #contextSwitches} fills it). */
  private static final Map<String, String> THREAD_NAMES = new TreeMap<>();

  /**
   * Voluntary and involuntary context switches so far, by thread id; empty where {@code /proc} is
   * not there. Names are kept apart in {@link #THREAD_NAMES}, with digits dropped (a pool's
   * threads count as one) and OkHttp's task threads, which take the name of the queue whose task
   * they run, counted as one.
   */
  private static Map<String, Long> contextSwitches() throws IOException {
    Map<String, Long> out = new TreeMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path t : threads) {
        try {
          String name = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "#");
          if (name.startsWith("OkHttp ") && !name.startsWith("OkHttp Dispatch")) {
            name = "OkHttp tasks";
          }
          long n = 0;
          for (String l : Files.readAllLines(t.resolve("status"))) {
            if (l.startsWith("voluntary_ctxt_switches")
                || l.startsWith("nonvoluntary_ctxt_switches")) {
              n += Long.parseLong(l.substring(l.indexOf(':') + 1).trim());
            }
          }
          String tid = t.getFileName().toString();
          THREAD_NAMES.put(tid, name);
          out.put(tid, n);
        } catch (IOException ended) {
          // the thread ended while it was being read
        }
      }
    }
    return out;
  }

  /** One call of a side. */
  @FunctionalInterface
  private interface Call {
    Object call() throws Exception;
  }
}
