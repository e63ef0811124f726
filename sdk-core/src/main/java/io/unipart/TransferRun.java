package io.unipart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload from start to finish, in three steps: {@link TransferPlan#prepare} (check, then
 * initiate or pick up the session or checkpoint), rounds of {@link PartScheduler} until every
 * part is held (a round ends early when the server replaces the upload, and a file is then sent
 * again), and complete; on failure, {@link FailureReport} aborts or keeps the upload as the
 * options say. Not reused.
 */
final class TransferRun {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUploader.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Times a file is sent again from the start when renewing part URLs starts a new upload. */
  static final int MAX_RESTARTS = 2;

  private final MultipartClient client;
  private final UploadCapabilities caps;
  private final int concurrency;
  private final Executor partExecutor;
  private final long defaultPartSize;
  private final TransferOptions options;
  private final Path file;
  private final InputStream stream;
  private final TransferPlan.Start start;
  private final UploadEventListener events;
  private volatile boolean cancelRequested;
  private volatile Thread coordinator;
  private volatile PartScheduler scheduler;
  private volatile TransferState state;

  TransferRun(MultipartClient client, int concurrency, Executor partExecutor,
      long defaultPartSize, TransferOptions options, Path file, InputStream stream,
      TransferPlan.Start start, UploadEventListener events) {
    this.events = events;
    this.client = client;
    this.caps = client.capabilities();
    this.concurrency = concurrency;
    this.partExecutor = partExecutor;
    this.defaultPartSize = defaultPartSize;
    this.options = options;
    this.file = file;
    this.stream = stream;
    this.start = start;
  }

  /** Checkpoint bytes written so far (for the engine's measurements). */
  long checkpointBytesWritten() {
    TransferState s = state;
    return s == null ? 0 : s.checkpoints().bytesWritten();
  }

  /** Checkpoint writes so far. */
  int checkpointWrites() {
    TransferState s = state;
    return s == null ? 0 : s.checkpoints().writes();
  }

  UploadSession session() {
    TransferState s = state;
    return s == null ? null : s.session();
  }

  void cancel() {
    cancelRequested = true;
    PartScheduler s = scheduler;
    if (s != null) {
      s.stop();
    }
    Thread t = coordinator;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Runs the upload on the calling thread. */
  UploadResult run() {
    coordinator = Thread.currentThread();
    long begun = System.nanoTime();
    try {
      UploadResult result = runOnThisThread();
      transferEvent(begun, UploadEventListener.Outcome.COMPLETED, result.size(),
          result.parts().size());
      return result;
    } catch (RuntimeException | Error e) {
      boolean cancelled = e instanceof UploadFailedException f && f.cancelled();
      TransferState s = state;
      transferEvent(begun, cancelled ? UploadEventListener.Outcome.CANCELLED
          : UploadEventListener.Outcome.FAILED, s == null ? 0 : s.transferredBytes(),
          s == null ? 0 : s.heldCount());
      throw e;
    } finally {
      coordinator = null;
      if (cancelRequested) {
        Thread.interrupted();
      }
    }
  }

  private UploadResult runOnThisThread() {
    TransferPlan plan = TransferPlan.prepare(client, defaultPartSize, file, start);
    state = new TransferState(plan, file != null, options);
    if (start.checkpoint() != null) {
      state.checkpoints().writeNow();
    } else if (!state.checkpoints().create()) {
      throw checkpointTaken();
    }
    ExecutorService ownPool = partExecutor == null ? newPool() : null;
    Executor executor = partExecutor != null ? partExecutor : ownPool;
    try {
      checkIssuedParts(plan);
      PartScheduler.Outcome outcome = sendEveryPart(executor, plan.unverified());
      if (outcome instanceof PartScheduler.Outcome.NotTheSource wrong) {
        // Not a failure of the upload: left exactly as the checkpoint had it (neither aborted
        // nor recorded as holding anything this run sent), so the right source can resume it.
        options.checkpoint().ifPresent(start.checkpoint()::write);
        throw wrong.cause();
      }
      if (outcome instanceof PartScheduler.Outcome.Failed failed) {
        throw failed(failed.cause());
      }
      if (cancelRequested) {
        throw failed(new CancellationException("cancelled"));
      }
      UploadResult result;
      try {
        result = client.complete(state.session(), state.parts());
      } catch (RuntimeException | Error e) {
        throw failed(e);
      }
      options.checkpoint().ifPresent(TransferRun::deleteQuietly);
      return result;
    } catch (IllegalStateException e) {
      throw failed(e);
    } finally {
      if (ownPool != null) {
        ownPool.shutdownNow();
      }
    }
  }

  /** Rounds of sending until every part is held, or a round ends otherwise. */
  private PartScheduler.Outcome sendEveryPart(Executor executor, Set<Integer> unverified) {
    int restarts = 0;
    while (true) {
      PartScheduler round = new PartScheduler(client, concurrency, executor, state, events);
      scheduler = round;
      if (cancelRequested) {
        round.stop();
        return new PartScheduler.Outcome.Failed(new CancellationException("cancelled"));
      }
      PartScheduler.Outcome outcome = file != null ? round.sendFile(file)
          : round.sendStream(stream, unverified);
      if (!(outcome instanceof PartScheduler.Outcome.Replaced replaced)) {
        return outcome;
      }
      if (file == null || ++restarts > MAX_RESTARTS) {
        return new PartScheduler.Outcome.Failed(new IllegalStateException("the server replaced"
            + " upload " + replaced.oldUploadId() + " with " + state.session().uploadId()
            + " when renewing part URLs"
            + (file == null ? ", and a stream cannot be read again" : " too often")));
      }
      LOG.info("{}: renewing part URLs started a new upload {}; sending every part again",
          state.session().dialect(), state.session().uploadId());
      state.restart();
    }
  }

  /** Part URLs issued at start must be one per planned part. */
  private void checkIssuedParts(TransferPlan plan) {
    if (!caps.partUrlsIssuedAtStart()) {
      return;
    }
    int planned = PartPlanner.partCount(plan.totalBytes(), plan.partSize());
    if (plan.session().parts().size() != planned) {
      throw new IllegalStateException("the server issued " + plan.session().parts().size()
          + " part URLs for an upload planned in " + planned + " parts");
    }
  }

  private ExecutorService newPool() {
    int id = THREADS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(concurrency, concurrency, 10,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "unipart-upload-" + id + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private void transferEvent(long begun, UploadEventListener.Outcome outcome, long bytes,
      int parts) {
    if (events == UploadEventListener.NONE) {
      return;
    }
    UploadSession s = session();
    String key = s != null ? s.key() : start.request() != null ? start.request().key()
        : start.checkpoint() != null ? start.checkpoint().session().key() : null;
    try {
      events.transferFinished(new UploadEventListener.TransferEvent(client.dialect(), key,
          s == null ? null : s.uploadId(), bytes, parts,
          java.time.Duration.ofNanos(System.nanoTime() - begun), outcome));
    } catch (RuntimeException e) {
      LOG.warn("the event listener failed", e);
    }
  }

  static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("could not delete the checkpoint {}: {}", path, e.toString());
    }
  }

  /**
   * The checkpoint file appeared while this upload was starting (checked before the upload was
   * asked for): another run holds it. This upload is aborted, so nothing is left open, and the
   * file stays as the other run wrote it.
   */
  private RuntimeException checkpointTaken() {
    Path path = options.checkpoint().orElseThrow();
    TransferOptions aborting = TransferOptions.builder().abortOnFailure(true).build();
    return FailureReport.settle(client, caps, aborting, state.session(),
        new InvalidRequestException("checkpoint", path + " was written by another run while"
            + " this upload was starting; it was left as it is"), false, 0);
  }

  /**
   * Settles a failed or cancelled upload: every acknowledged part on disk first, then abort or
   * keep, as the options say.
   */
  private RuntimeException failed(Throwable t) {
    PartScheduler s = scheduler;
    if (s != null) {
      s.stop();
    }
    try {
      state.checkpoints().flush(); // every part the server acknowledged, before it is kept
    } catch (RuntimeException e) {
      LOG.warn("could not write the checkpoint: {}", e.toString());
    }
    boolean cancelled = cancelRequested || t instanceof CancellationException
        || t instanceof InterruptedException;
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    Throwable cause = t instanceof UncheckedIOException ? t.getCause() : t;
    return FailureReport.settle(client, caps, options, state.session(), cause, cancelled,
        state.heldCount());
  }
}
