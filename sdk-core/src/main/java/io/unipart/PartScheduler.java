package io.unipart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an upload's parts, at most {@code concurrency} at once, on the executor it is given, and
 * says how the round ended as an {@link Outcome}: every part sent, the upload replaced by the
 * server when part URLs were renewed, a part failed, or a resumed stream found not to be the
 * upload's source. Workers never throw across threads: they record what happened and return.
 *
 * <p>Stopping is cooperative and prompt: parts not started return at once, parts being sent fail
 * at their next chunk, and the threads running parts are interrupted so backoff and rate-limit
 * waits end; a thread is interrupted only while it runs a part of this upload, and its interrupt
 * is cleared before it goes back to its executor. One scheduler per upload run.
 */
final class PartScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUploader.class);

  /** How a round of sending ended. */
  sealed interface Outcome {
    /** Every planned part is held. */
    record Sent() implements Outcome {}

    /** Renewing part URLs started a new upload: every part must be sent again. */
    record Replaced(String oldUploadId) implements Outcome {}

    /** A part failed, or sending was cancelled. */
    record Failed(Throwable cause) implements Outcome {}

    /** A resumed stream is not the upload's source. */
    record NotTheSource(InvalidRequestException cause) implements Outcome {}
  }

  private final MultipartClient client;
  private final UploadCapabilities caps;
  private final int concurrency;
  private final Executor executor;
  private final TransferState state;
  private final UploadEventListener events;
  private final Object renewLock = new Object();
  private final Set<Thread> running = new HashSet<>();
  private final AtomicReference<Outcome> ending = new AtomicReference<>();
  private volatile boolean stop;

  PartScheduler(MultipartClient client, int concurrency, Executor executor,
      TransferState state, UploadEventListener events) {
    this.events = events;
    this.client = client;
    this.caps = client.capabilities();
    this.concurrency = concurrency;
    this.executor = executor;
    this.state = state;
  }

  /** Stops sending: no new part starts, and those running end soon. */
  void stop() {
    stop = true;
    synchronized (running) {
      running.forEach(Thread::interrupt);
    }
  }

  /**
   * Sends every part of a file the state does not hold yet.
   *
   * @return how the round ended
   */
  Outcome sendFile(Path file) {
    long total = state.totalBytes();
    long partSize = state.partSize();
    int count = PartPlanner.partCount(total, partSize);
    Semaphore permits = new Semaphore(concurrency);
    Tasks tasks = new Tasks();
    try {
      for (int i = 0; i < count && !stop; i++) {
        int number = caps.firstPartNumber() + i;
        if (state.holds(number)) {
          continue;
        }
        permits.acquire();
        if (stop) {
          permits.release();
          break;
        }
        PartContent content = PartContent.ofFile(file, i * partSize,
            PartPlanner.sizeOf(i, count, total, partSize));
        tasks.start(() -> sendPart(number, content), permits::release);
      }
    } catch (InterruptedException e) {
      end(new Outcome.Failed(e));
    }
    return tasks.awaitAll();
  }

  /**
   * Reads a stream part by part, each into a buffer reused once its part is sent (while parts
   * keep their size; parts that grow get new buffers), and sends the parts the state does not
   * hold; a part a resumed stream skips is read and checked against the CRC-32C recorded for it.
   *
   * @param unverified held parts still to be checked; emptied as they are
   * @return how the round ended
   */
  Outcome sendStream(InputStream stream, Set<Integer> unverified) {
    long total = state.totalBytes();
    PartSizes sizes = state.sizes();
    Set<Integer> unchecked = new TreeSet<>(unverified);
    Semaphore permits = new Semaphore(concurrency);
    ArrayDeque<byte[]> buffers = new ArrayDeque<>();
    Tasks tasks = new Tasks();
    int number = caps.firstPartNumber();
    long read = 0;
    try {
      while (!stop) {
        permits.acquire();
        if (stop) {
          permits.release();
          break;
        }
        int index = number - caps.firstPartNumber();
        long partSize = sizes.of(index);
        byte[] buffer;
        synchronized (buffers) {
          buffer = buffers.poll();
        }
        if (buffer == null || buffer.length != partSize) {
          buffer = new byte[(int) partSize];
        }
        int n = stream.readNBytes(buffer, 0, buffer.length);
        if (n == 0 && number > caps.firstPartNumber()) {
          permits.release();
          break;
        }
        read += n;
        if (total >= 0 && read > total) {
          permits.release();
          throw new InvalidRequestException("contentLength", "is " + total
              + " but the stream has more bytes");
        }
        if (index >= caps.maxPartCount()) {
          permits.release();
          throw new InvalidRequestException("partSize", sizes.isFixed()
              ? "of " + partSize + " bytes is too small: the stream needs more than "
                  + caps.maxPartCount() + " parts; set a larger partSize, or leave it unset"
                  + (caps.partSizesMayDiffer() ? " so parts grow as the stream goes" : "")
              : "cannot grow further: the stream is longer than the " + caps.maxPartCount()
                  + " parts this dialect takes carry (" + sizes.capacity(caps.maxPartCount())
                  + " bytes, parts of " + PartPlanner.size(sizes.first()) + " growing to "
                  + PartPlanner.size(sizes.cap()) + ")");
        }
        int partNumber = number++;
        byte[] full = buffer;
        Runnable release = () -> {
          synchronized (buffers) {
            buffers.push(full);
          }
          permits.release();
        };
        PartContent content = PartContent.ofBytes(full, 0, n);
        if (unchecked.remove(partNumber)) {
          InvalidRequestException wrong = checkSkippedPart(partNumber, content);
          release.run();
          if (wrong != null) {
            end(new Outcome.NotTheSource(wrong));
            break;
          }
        } else {
          tasks.start(() -> sendPart(partNumber, content), release);
        }
        if (n < full.length) {
          break;
        }
      }
      if (!stop && !unchecked.isEmpty()) {
        end(new Outcome.NotTheSource(ResumeCheck.streamMismatch(unchecked.iterator().next(),
            "the stream ended after " + read + " bytes, before it")));
      } else if (!stop && total >= 0 && read != total) {
        end(new Outcome.Failed(new InvalidRequestException("contentLength", "is " + total
            + " but the stream ended after " + read + " bytes")));
      }
    } catch (OutOfMemoryError e) {
      end(new Outcome.Failed(new IllegalStateException("no memory for the next part of the"
          + " stream: parts are buffered, concurrency times the part size at most; give the JVM"
          + " more heap (-Xmx), or send fewer parts at once", e)));
    } catch (InterruptedException | IOException | RuntimeException e) {
      end(new Outcome.Failed(e));
    }
    Outcome outcome = tasks.awaitAll();
    if (outcome instanceof Outcome.Sent) {
      state.streamEnded(read);
    }
    return outcome;
  }

  /**
   * A part a resumed stream skips, because the server holds it: its bytes must be the ones sent
   * before, or the stream is not the upload's source.
   *
   * @return null when it matches, else why not
   */
  private InvalidRequestException checkSkippedPart(int number, PartContent content) {
    UploadedPart held = state.held(number);
    Long sum = state.checksum(number);
    long now = content.crc32c();
    if (held.size() != content.length() || sum == null || now != sum) {
      return ResumeCheck.streamMismatch(number, content.length() + " bytes"
          + " with CRC-32C " + UploadCheckpoint.crc32cHex(now) + " in the stream, but "
          + held.size() + " bytes with " + (sum == null ? "no recorded checksum"
              : UploadCheckpoint.crc32cHex(sum)) + " were sent");
    }
    return null;
  }

  /** Sends one part; a failure or a replaced upload ends the round for every part. */
  private void sendPart(int number, PartContent content) {
    if (stop) {
      return;
    }
    long start = System.nanoTime();
    UploadSession used = state.session();
    try {
      PartContent.ChecksumTap tap = new PartContent.ChecksumTap();
      PartContent body = content.tapped(tap).paced(state.limit()).cancellable(() -> stop);
      UploadedPart part;
      try {
        part = client.uploadPart(used, number, body);
      } catch (PartUrlExpiredException e) {
        UploadSession fresh = renew(used);
        if (!fresh.uploadId().equals(used.uploadId())) {
          end(new Outcome.Replaced(used.uploadId()));
          return;
        }
        used = fresh;
        part = client.uploadPart(used, number, body);
      }
      state.record(used, number, content.length(), part, tap.value());
      partEvent(used, number, content.length(), start, true);
    } catch (RuntimeException | Error e) {
      if (!stop) {
        partEvent(used, number, content.length(), start, false);
      }
      end(new Outcome.Failed(e));
    }
  }

  private void partEvent(UploadSession used, int number, long bytes, long start, boolean ok) {
    if (events == UploadEventListener.NONE) {
      return;
    }
    try {
      events.partFinished(new UploadEventListener.PartEvent(used.dialect(), used.uploadId(),
          number, bytes, java.time.Duration.ofNanos(System.nanoTime() - start), ok));
    } catch (RuntimeException e) {
      LOG.warn("the event listener failed; the upload goes on", e);
    }
  }

  /** Fresh part URLs, fetched once however many parts found theirs expired. */
  private UploadSession renew(UploadSession used) {
    synchronized (renewLock) {
      UploadSession current = state.session();
      if (current != used) {
        return current;
      }
      UploadSession fresh = client.renewPartUrls(used);
      LOG.debug("{}: part URLs of upload {} renewed", used.dialect(), used.uploadId());
      state.renewed(fresh);
      return fresh;
    }
  }

  /** The first ending wins; every other part stops. */
  private void end(Outcome outcome) {
    if (ending.compareAndSet(null, outcome)) {
      stop();
    }
  }

  /** The parts of one round on the executor, and waiting until each has really ended. */
  private final class Tasks {
    private final Semaphore finished = new Semaphore(0);
    private int started;

    void start(Runnable part, Runnable release) {
      started++;
      try {
        executor.execute(() -> {
          Thread self = Thread.currentThread();
          synchronized (running) {
            running.add(self);
          }
          try {
            if (stop) {
              return;
            }
            part.run();
          } finally {
            synchronized (running) {
              running.remove(self);
            }
            Thread.interrupted(); // an interrupt meant for this part must not outlive it
            release.run();
            finished.release();
          }
        });
      } catch (RuntimeException e) { // a rejecting executor
        started--;
        release.run();
        end(new Outcome.Failed(e));
      }
    }

    /**
     * Waits for every part started, so that no request of this upload is still on the wire when
     * it returns; an interrupt of the waiting thread stops the parts and is kept for the caller.
     */
    Outcome awaitAll() {
      boolean interrupted = false;
      int left = started;
      while (left > 0) {
        try {
          finished.acquire();
          left--;
        } catch (InterruptedException e) {
          interrupted = true;
          end(new Outcome.Failed(e));
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      Outcome outcome = ending.get();
      return outcome != null ? outcome : new Outcome.Sent();
    }
  }
}
