package io.unipart.examples;

import io.unipart.ProgressListener;
import io.unipart.TransferProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress on standard error: on a terminal, one bar redrawn in place; otherwise (a log, a pipe)
 * a line at most every {@link #LINE_EVERY} and one when the last part is in, never a line per part
 * (10,000 parts would be 10,000 lines). Both show the rate and, when the length is known, the time
 * left. The rate counts only bytes sent by this run: parts a resumed upload found on the server are
 * reported once, not counted as speed. Silent with {@code --quiet} or {@code --no-progress}.
 */
final class Progress implements ProgressListener {
  private static final int WIDTH = 30;

  /** How often a line is printed when standard error is not a terminal. */
  static final Duration LINE_EVERY = Duration.ofSeconds(5);

  private final PrintStream err;
  private final boolean terminal;
  private final boolean resuming;
  private final boolean silent;
  private final long started = System.nanoTime();
  private long lastLine = Long.MIN_VALUE;
  private long baseBytes = -1;
  private int baseParts;
  private int sentParts;
  private boolean drawn;

  Progress(PrintStream err, boolean terminal, boolean resuming, boolean silent) {
    this.err = err;
    this.terminal = terminal;
    this.resuming = resuming;
    this.silent = silent;
  }

  @Override
  public synchronized void onProgress(TransferProgress p) {
    if (silent) {
      sentParts++;
      return;
    }
    if (baseBytes < 0) {
      baseBytes = p.transferredBytes() - p.partBytes();
      baseParts = p.completedParts() - 1;
      if (resuming) {
        newLine();
        err.println(found(baseParts, baseBytes));
      }
    }
    sentParts++;
    long sent = p.transferredBytes() - baseBytes;
    double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    double rate = sent / seconds;
    String eta = "";
    if (p.totalBytes() >= 0 && rate > 0) {
      long left = p.totalBytes() - p.transferredBytes();
      eta = ", " + (left == 0 ? "done" : "ETA " + Units.clock(Duration.ofSeconds(
          (long) Math.ceil(left / rate))));
    }
    String speed = Units.human((long) rate) + "/s";
    if (terminal) {
      int filled = p.totalBytes() > 0
          ? (int) (WIDTH * p.transferredBytes() / p.totalBytes()) : 0;
      err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
          + (p.totalBytes() >= 0 ? percent(p) + "% " : "") + Units.human(p.transferredBytes())
          + (p.totalBytes() >= 0 ? " / " + Units.human(p.totalBytes()) : "") + ", "
          + parts(p.completedParts()) + ", " + speed + eta + "   ");
      err.flush();
      drawn = true;
    } else {
      long now = System.nanoTime();
      boolean last = p.totalBytes() >= 0 && p.transferredBytes() == p.totalBytes();
      if (!last && lastLine != Long.MIN_VALUE && now - lastLine < LINE_EVERY.toNanos()) {
        return;
      }
      lastLine = now;
      err.println(parts(p.completedParts()) + " done: " + p.transferredBytes()
          + (p.totalBytes() >= 0 ? "/" + p.totalBytes() + " bytes (" + percent(p) + "%)"
              : " bytes")
          + ", " + speed + eta);
    }
  }

  /** Ends the bar's line, and for a resume that sent nothing, says what the server held. */
  synchronized void finish(int partsInResult, long size) {
    if (silent) {
      return;
    }
    newLine();
    if (resuming && baseBytes < 0) {
      err.println(found(partsInResult, size) + "; nothing left to send");
    }
  }

  /** Parts this run sent. */
  synchronized int sentParts() {
    return sentParts;
  }

  private void newLine() {
    if (drawn) {
      err.println();
      drawn = false;
    }
  }

  private static String found(int parts, long bytes) {
    return "resuming: found " + parts(parts) + " (" + Units.human(bytes) + ") already on the"
        + " server";
  }

  static String parts(int n) {
    return n + (n == 1 ? " part" : " parts");
  }

  private static long percent(TransferProgress p) {
    return p.totalBytes() <= 0 ? 100 : p.transferredBytes() * 100 / p.totalBytes();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "Progress{terminal=%s, silent=%s}", terminal, silent);
  }
}
