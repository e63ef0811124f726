package io.unipart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One upload from start to finish: plan, initiate (or pick up a checkpoint), send the parts on a
 * pool of {@code concurrency} threads, complete; on failure stop everything and abort or keep the
 * upload as the options say. Not reused.
 */
final class TransferRun {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUploader.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final MultipartClient client;
  private final UploadCapabilities caps;
  private final int concurrency;
  private final TransferOptions options;
  private final Path file;
  private final InputStream stream;
  private final UploadRequest request;
  private final UploadCheckpoint resumeFrom;
  private final UploadSession started;
  private final long defaultPartSize;

  /** Times a file is sent again from the start when renewing part URLs starts a new upload. */
  static final int MAX_RESTARTS = 2;

  private final Object lock = new Object();
  /** Held while progress is reported, so listeners see it in order, outside {@link #lock}. */
  private final Object progressLock = new Object();
  private final Object renewLock = new Object();
  private final CheckpointWriter checkpoints;
  private final java.util.Set<Thread> workers = ConcurrentHashMap.newKeySet();
  private final TreeMap<Integer, UploadedPart> done = new TreeMap<>();
  /** The CRC-32C of each part in {@link #done}, as it was sent (or checked, on resume). */
  private final TreeMap<Integer, Long> checksums = new TreeMap<>();
  /** Parts a resumed stream holds on the server but whose bytes it has not read and checked. */
  private final java.util.Set<Integer> unverified = new java.util.TreeSet<>();
  private long sourceModified = -1;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stop;
  private volatile boolean cancelRequested;
  private volatile UploadSession session;
  private volatile Thread coordinator;
  private long partSize;
  private long totalBytes;
  private long transferred;

  TransferRun(MultipartClient client, int concurrency, long defaultPartSize,
      TransferOptions options, Path file, InputStream stream, UploadRequest request,
      UploadCheckpoint resumeFrom) {
    this(client, concurrency, defaultPartSize, options, file, stream, request, resumeFrom, null);
  }

  /** A transfer of parts for an upload the caller already started (typed initiate). */
  TransferRun(MultipartClient client, int concurrency, long defaultPartSize,
      TransferOptions options, Path file, InputStream stream, UploadSession started) {
    this(client, concurrency, defaultPartSize, options, file, stream, null, null, started);
  }

  private TransferRun(MultipartClient client, int concurrency, long defaultPartSize,
      TransferOptions options, Path file, InputStream stream, UploadRequest request,
      UploadCheckpoint resumeFrom, UploadSession started) {
    this.started = started;
    this.client = client;
    this.caps = client.capabilities();
    this.concurrency = concurrency;
    this.defaultPartSize = defaultPartSize;
    this.options = options;
    this.file = file;
    this.stream = stream;
    this.request = request;
    this.resumeFrom = resumeFrom;
    this.checkpoints = new CheckpointWriter(options.checkpoint().orElse(null), this::snapshot);
  }

  /** Checkpoint bytes written so far (for the engine's measurements). */
  long checkpointBytesWritten() {
    return checkpoints.bytesWritten();
  }

  /** Checkpoint writes so far. */
  int checkpointWrites() {
    return checkpoints.writes();
  }

  UploadSession session() {
    return session;
  }

  void cancel() {
    cancelRequested = true;
    stop = true;
    Thread t = coordinator;
    if (t != null) {
      t.interrupt();
    }
  }

  /** Runs the upload on the calling thread. */
  UploadResult run() {
    coordinator = Thread.currentThread();
    try {
      return runOnThisThread();
    } finally {
      coordinator = null;
      if (cancelRequested) {
        Thread.interrupted();
      }
    }
  }

  private UploadResult runOnThisThread() {
    if (resumeFrom != null) {
      prepareResume();
    } else if (started != null) {
      prepareStarted();
    } else {
      prepareNew();
    }
    ExecutorService pool = newPool();
    try {
      checkIssuedParts();
      int restarts = 0;
      while (true) {
        try {
          if (file != null) {
            sendFile(pool);
          } else {
            sendStream(pool);
          }
          break;
        } catch (SessionReplaced replaced) {
          if (file == null || ++restarts > MAX_RESTARTS) {
            throw new IllegalStateException("the server replaced upload " + replaced.old
                + " with " + session.uploadId() + " when renewing part URLs"
                + (file == null ? ", and a stream cannot be read again" : " too often"));
          }
          LOG.info("{}: renewing part URLs started a new upload {}; sending every part again",
              session.dialect(), session.uploadId());
          if (cancelRequested) {
            throw new java.util.concurrent.CancellationException("cancelled");
          }
          synchronized (lock) {
            done.clear();
            checksums.clear();
            transferred = 0;
          }
          failure.set(null);
          stop = cancelRequested;
          saveCheckpoint();
        }
      }
      throwIfStopped();
      List<UploadedPart> parts;
      synchronized (lock) {
        parts = new ArrayList<>(done.values());
      }
      UploadResult result = client.complete(session, parts);
      options.checkpoint().ifPresent(TransferRun::deleteQuietly);
      return result;
    } catch (SourceMismatch mismatch) {
      stop = true;
      options.checkpoint().ifPresent(resumeFrom::write);
      throw (InvalidRequestException) mismatch.getCause();
    } catch (Throwable t) {
      if (failure.get() instanceof SourceMismatch) {
        stop = true;
        options.checkpoint().ifPresent(resumeFrom::write);
        throw (InvalidRequestException) failure.get().getCause();
      }
      throw failed(t);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Part URLs issued at start must be one per planned part. */
  private void checkIssuedParts() {
    if (!caps.partUrlsIssuedAtStart()) {
      return;
    }
    int planned = PartPlanner.partCount(totalBytes, partSize);
    if (session.parts().size() != planned) {
      throw new IllegalStateException("the server issued " + session.parts().size()
          + " part URLs for an upload planned in " + planned + " parts");
    }
  }

  // ---- planning ----

  private void prepareNew() {
    long length;
    if (file != null) {
      length = sizeOf(file);
      if (request.contentLength().isPresent() && request.contentLength().getAsLong() != length) {
        throw new InvalidRequestException("contentLength", "is "
            + request.contentLength().getAsLong() + " but the file has " + length + " bytes");
      }
      sourceModified = lastModified(file);
    } else {
      length = request.contentLength().isPresent() ? request.contentLength().getAsLong() : -1;
    }
    if (length < 0 && caps.partUrlsIssuedAtStart()) {
      throw new InvalidRequestException("contentLength", "is required: this dialect issues one"
          + " URL per part when the upload starts, so the length must be known; upload a file,"
          + " or set contentLength");
    }
    this.totalBytes = length;
    this.partSize = PartPlanner.partSize(caps, length, request, defaultPartSize);
    if (file == null && partSize > Integer.MAX_VALUE - 8) {
      throw new InvalidRequestException("partSize", "must be below 2 GiB when uploading from a"
          + " stream, which is buffered in memory (was " + partSize + ")");
    }
    UploadRequest.Builder planned = request.toBuilder().partSize(partSize).partCount(null);
    if (length >= 0) {
      planned.contentLength(length);
    }
    session = client.initiate(planned.build());
    LOG.debug("{}: started upload of {} bytes in parts of {}", session.dialect(),
        length, partSize);
    saveCheckpoint();
  }

  /**
   * An upload the caller started with a typed request (for options the neutral request lacks):
   * its recorded length must be the source's, and its part size (recorded, or implied by the part
   * URLs it was issued, or planned) must fit the dialect.
   */
  private void prepareStarted() {
    if (!client.dialect().equals(started.dialect())) {
      throw new InvalidRequestException("session", "is a " + started.dialect() + " upload; the"
          + " uploader's client speaks " + client.dialect());
    }
    long length;
    if (file != null) {
      length = sizeOf(file);
      if (started.contentLength().isPresent() && started.contentLength().getAsLong() != length) {
        throw new InvalidRequestException("file", "has " + length + " bytes but the session was"
            + " started for " + started.contentLength().getAsLong());
      }
      sourceModified = lastModified(file);
    } else {
      length = started.contentLength().isPresent() ? started.contentLength().getAsLong() : -1;
    }
    if (length < 0 && caps.partUrlsIssuedAtStart()) {
      throw new InvalidRequestException("contentLength", "is required: the session's part URLs"
          + " fix the part count, so the stream's length must be known; start the session with"
          + " contentLength");
    }
    long size;
    if (started.partSize().isPresent()) {
      size = started.partSize().getAsLong();
    } else if (caps.partUrlsIssuedAtStart() && !started.parts().isEmpty() && length > 0) {
      size = (length + started.parts().size() - 1) / started.parts().size();
    } else {
      size = PartPlanner.partSize(caps, length, UploadRequest.builder().key("plan").build(),
          defaultPartSize);
    }
    PartPlanner.check(caps, length, size);
    if (file == null && size > Integer.MAX_VALUE - 8) {
      throw new InvalidRequestException("partSize", "must be below 2 GiB when uploading from a"
          + " stream, which is buffered in memory (was " + size + ")");
    }
    this.session = started;
    this.partSize = size;
    this.totalBytes = length;
    saveCheckpoint();
  }

  /**
   * Picks up a checkpoint. A file is checked against it first, part by part, before anything is
   * asked of the server; a stream's recorded parts are checked as they are read (see {@link
   * #sendStream}).
   */
  private void prepareResume() {
    UploadCheckpoint cp = resumeFrom;
    if (!client.dialect().equals(cp.session().dialect())) {
      throw new InvalidRequestException("checkpoint", "is of a " + cp.session().dialect()
          + " upload; the uploader's client speaks " + client.dialect());
    }
    long length;
    if (file != null) {
      length = sizeOf(file);
      sourceModified = lastModified(file);
      ResumeCheck.checkSource(caps, cp, file, length, sourceModified);
    } else {
      length = cp.contentLength();
    }
    this.session = cp.session();
    this.partSize = cp.partSize();
    this.totalBytes = length;
    java.util.Set<Integer> checked = new java.util.HashSet<>();
    for (UploadedPart p : cp.parts()) {
      if (cp.partChecksum(p.partNumber()).isPresent()) {
        checked.add(p.partNumber());
      }
    }
    List<UploadedPart> listed = caps.canListParts() ? client.listParts(session) : List.of();
    List<UploadedPart> keep = file != null
        ? ResumeCheck.partsToKeep(caps, file, length, partSize, cp.parts(), checked, listed)
        : ResumeCheck.partsToKeepOfStream(caps, partSize, cp.parts(), checked, listed);
    for (UploadedPart p : keep) {
      done.put(p.partNumber(), p);
      java.util.OptionalLong sum = cp.partChecksum(p.partNumber());
      if (sum.isPresent()) {
        checksums.put(p.partNumber(), sum.getAsLong());
      } else {
        // Kept because its ETag is the MD5 of the file's slice: checked, so record its CRC too.
        long offset = (long) (p.partNumber() - caps.firstPartNumber()) * partSize;
        checksums.put(p.partNumber(), PartContent.ofFile(file, offset, p.size()).crc32c());
      }
      if (file == null) {
        unverified.add(p.partNumber());
      }
      transferred += p.size();
    }
    LOG.debug("{}: resuming upload {}: {} parts already on the server",
        session.dialect(), session.uploadId(), done.size());
    saveCheckpoint();
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new InvalidRequestException("file", "cannot be read: " + e.getMessage());
    }
  }

  private static long lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      throw new InvalidRequestException("file", "cannot be read: " + e.getMessage());
    }
  }

  // ---- sending ----

  private void sendFile(ExecutorService pool) throws InterruptedException {
    int count = PartPlanner.partCount(totalBytes, partSize);
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int number = caps.firstPartNumber() + i;
      synchronized (lock) {
        if (done.containsKey(number)) {
          continue;
        }
      }
      PartContent content =
          PartContent.ofFile(file, i * partSize, PartPlanner.sizeOf(i, count, totalBytes, partSize));
      futures.add(pool.submit(() -> sendPart(number, content, null)));
    }
    await(futures);
  }

  private void sendStream(ExecutorService pool) throws InterruptedException, IOException {
    Semaphore permits = new Semaphore(concurrency);
    ArrayDeque<byte[]> buffers = new ArrayDeque<>();
    List<Future<?>> futures = new ArrayList<>();
    int number = caps.firstPartNumber();
    long read = 0;
    try {
      while (!stop) {
        permits.acquire();
        if (stop) {
          permits.release();
          break;
        }
        byte[] buffer;
        synchronized (buffers) {
          buffer = buffers.poll();
        }
        if (buffer == null) {
          buffer = new byte[(int) partSize];
        }
        int n = stream.readNBytes(buffer, 0, buffer.length);
        if (n == 0 && number > caps.firstPartNumber()) {
          permits.release();
          break;
        }
        read += n;
        if (totalBytes >= 0 && read > totalBytes) {
          permits.release();
          throw new InvalidRequestException("contentLength", "is " + totalBytes
              + " but the stream has more bytes");
        }
        if (number - caps.firstPartNumber() >= caps.maxPartCount()) {
          permits.release();
          throw new InvalidRequestException("partSize", "of " + partSize + " bytes is too small:"
              + " the stream needs more than " + caps.maxPartCount() + " parts; set a larger"
              + " partSize");
        }
        int partNumber = number++;
        byte[] full = buffer;
        PartContent content = PartContent.ofBytes(full, 0, n);
        if (unverified.contains(partNumber)) {
          checkSkippedPart(partNumber, content);
          synchronized (buffers) {
            buffers.push(full);
          }
          permits.release();
          if (n < buffer.length) {
            break;
          }
          continue;
        }
        futures.add(pool.submit(() -> sendPart(partNumber, content, () -> {
          synchronized (buffers) {
            buffers.push(full);
          }
          permits.release();
        })));
        if (n < buffer.length) {
          break;
        }
      }
    } catch (InterruptedException | IOException | RuntimeException e) {
      stop = true;
      awaitQuietly(futures);
      throw e;
    }
    if (!unverified.isEmpty() && !stop) {
      stop = true;
      awaitQuietly(futures);
      throw new SourceMismatch(ResumeCheck.streamMismatch(unverified.iterator().next(),
          "the stream ended after " + read + " bytes, before it"));
    }
    if (totalBytes >= 0 && read != totalBytes && !stop) {
      stop = true;
      awaitQuietly(futures);
      throw new InvalidRequestException("contentLength", "is " + totalBytes
          + " but the stream ended after " + read + " bytes");
    }
    await(futures);
    synchronized (lock) {
      if (totalBytes < 0) {
        totalBytes = read;
      }
    }
  }

  /**
   * A part a resumed stream skips, because the server holds it: its bytes must be the ones sent
   * before, or the stream is not the upload's source.
   */
  private void checkSkippedPart(int number, PartContent content) {
    UploadedPart held;
    Long sum;
    synchronized (lock) {
      held = done.get(number);
      sum = checksums.get(number);
    }
    long now = content.crc32c();
    if (held.size() != content.length() || sum == null || now != sum) {
      throw new SourceMismatch(ResumeCheck.streamMismatch(number, content.length() + " bytes"
          + " with CRC-32C " + UploadCheckpoint.crc32cHex(now) + " in the stream, but "
          + held.size() + " bytes with " + (sum == null ? "no recorded checksum"
              : UploadCheckpoint.crc32cHex(sum)) + " were sent"));
    }
    unverified.remove(number);
  }

  private Void sendPart(int number, PartContent content, Runnable release) {
    try {
      if (stop) {
        return null;
      }
      PartContent.ChecksumTap tap = new PartContent.ChecksumTap();
      PartContent body = content.tapped(tap).cancellable(() -> stop);
      UploadSession used = session;
      UploadedPart part;
      try {
        part = client.uploadPart(used, number, body);
      } catch (PartUrlExpiredException e) {
        UploadSession fresh = renew(used);
        if (!fresh.uploadId().equals(used.uploadId())) {
          throw new SessionReplaced(used.uploadId());
        }
        used = fresh;
        part = client.uploadPart(used, number, body);
      }
      record(used, number, content.length(), part, tap.value());
      return null;
    } catch (RuntimeException | Error e) {
      if (failure.compareAndSet(null, e)) {
        stop = true;
      }
      throw e;
    } finally {
      if (release != null) {
        release.run();
      }
    }
  }

  /** Fresh part URLs, fetched once however many parts found theirs expired. */
  private UploadSession renew(UploadSession used) {
    synchronized (renewLock) {
      if (session != used) {
        return session;
      }
      UploadSession fresh = client.renewPartUrls(used);
      LOG.debug("{}: part URLs of upload {} renewed", used.dialect(), used.uploadId());
      session = fresh;
      saveCheckpoint();
      return fresh;
    }
  }

  private void record(UploadSession used, int number, long size, UploadedPart part, long crc) {
    UploadedPart stored = part.size() == size ? part
        : UploadedPart.of(number, part.etag().orElse(null), size)
            .withChecksum(part.checksum().orElse(null));
    int held;
    synchronized (progressLock) {
      TransferProgress progress;
      synchronized (lock) {
        if (!used.uploadId().equals(session.uploadId())) {
          return; // sent under an upload the server has since replaced
        }
        done.put(number, stored);
        if (crc >= 0) {
          checksums.put(number, crc);
        }
        transferred += size;
        held = done.size();
        progress = new TransferProgress(session.key(), number, size, transferred, totalBytes,
            held);
      }
      try {
        options.progressListener().onProgress(progress);
      } catch (RuntimeException e) {
        LOG.warn("the progress listener failed; the upload goes on", e);
      }
    }
    checkpoints.partRecorded(held);
  }

  /** Waits for every part; on the first failure stops the others and rethrows it. */
  private void await(List<Future<?>> futures) throws InterruptedException {
    try {
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      stop = true;
      awaitQuietly(futures);
      Throwable first = failure.get() != null ? failure.get() : e.getCause();
      if (first instanceof RuntimeException) {
        throw (RuntimeException) first;
      }
      if (first instanceof Error) {
        throw (Error) first;
      }
      throw new IllegalStateException(first);
    } catch (InterruptedException e) {
      stop = true;
      awaitQuietly(futures);
      throw e;
    }
  }

  /**
   * Stops the parts still running and waits until each has really ended, so no request of this
   * upload is still on the wire when it returns (and aborts): parts not started return at once,
   * parts being sent fail mid-body at their next chunk, backoff and rate-limit waits are
   * interrupted, and a send blocked on the socket ends by its own timeouts.
   */
  private void awaitQuietly(List<Future<?>> futures) {
    stop = true;
    boolean interrupted = Thread.interrupted();
    workers.forEach(Thread::interrupt);
    for (Future<?> f : futures) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
          break; // already recorded, or stopped on purpose
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void throwIfStopped() {
    if (cancelRequested) {
      throw new java.util.concurrent.CancellationException("cancelled");
    }
    Throwable f = failure.get();
    if (f instanceof RuntimeException) {
      throw (RuntimeException) f;
    }
  }

  private ExecutorService newPool() {
    int id = THREADS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(concurrency, concurrency, 10,
        TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "unipart-upload-" + id + "-" + n.incrementAndGet());
          t.setDaemon(true);
          workers.add(t);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * A resumed stream is not the upload's source. Not a failure of the upload: it is left exactly
   * as the checkpoint had it (neither aborted nor recorded as holding anything this run sent),
   * so the right source can still resume it.
   */
  private static final class SourceMismatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SourceMismatch(InvalidRequestException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /** Renewing part URLs gave a new upload id: the parts sent so far no longer count. */
  private static final class SessionReplaced extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String old;

    SessionReplaced(String old) {
      super("the upload was replaced when its part URLs were renewed", null, false, false);
      this.old = old;
    }
  }

  // ---- checkpoint and failure ----

  private void saveCheckpoint() {
    checkpoints.writeNow();
  }

  /** The checkpoint as the upload stands: taken under the lock, written outside it. */
  private UploadCheckpoint snapshot() {
    List<UploadedPart> parts;
    java.util.Map<Integer, Long> sums;
    UploadSession current;
    synchronized (lock) {
      parts = new ArrayList<>(done.values());
      sums = new java.util.HashMap<>(checksums);
      current = session;
    }
    return new UploadCheckpoint(current, partSize, file != null ? totalBytes : -1, sourceModified,
        parts, sums);
  }

  static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.warn("could not delete the checkpoint {}: {}", path, e.toString());
    }
  }

  private RuntimeException failed(Throwable t) {
    stop = true;
    try {
      checkpoints.flush(); // every part the server acknowledged, before the upload is kept
    } catch (RuntimeException e) {
      LOG.warn("could not write the checkpoint: {}", e.toString());
    }
    boolean cancelled = cancelRequested || t instanceof java.util.concurrent.CancellationException
        || t instanceof InterruptedException;
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    Throwable cause = failure.get() != null && !cancelled ? failure.get() : t;
    if (cause instanceof UncheckedIOException) {
      cause = cause.getCause();
    }
    int held;
    synchronized (lock) {
      held = done.size();
    }
    return FailureReport.settle(client, caps, options, session, cause, cancelled, held);
  }
}
