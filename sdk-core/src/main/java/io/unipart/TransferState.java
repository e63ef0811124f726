package io.unipart;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an upload holds as it runs: the current session (renewing part URLs may replace it), the
 * parts the server acknowledged with their CRC-32C, and the bytes sent. Parts are recorded under
 * one short lock; progress reaches the listener in order, outside that lock; the checkpoint is
 * written outside it too, coalesced by {@link CheckpointWriter}. Thread-safe.
 */
final class TransferState {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUploader.class);

  private final Object lock = new Object();
  /** Held while progress is reported, so listeners see it in order, outside {@link #lock}. */
  private final Object progressLock = new Object();
  private final TreeMap<Integer, UploadedPart> done = new TreeMap<>();
  /** The CRC-32C of each part in {@link #done}, as it was sent (or checked, on resume). */
  private final TreeMap<Integer, Long> checksums = new TreeMap<>();
  private final PartSizes sizes;
  private final long sourceModified;
  private final boolean fromFile;
  private final ProgressListener listener;
  private final BandwidthLimit limit;
  private final CheckpointWriter checkpoints;
  private volatile UploadSession session;
  private long totalBytes;
  private long transferred;

  TransferState(TransferPlan plan, boolean fromFile, TransferOptions options) {
    this.session = plan.session();
    this.sizes = plan.sizes();
    this.totalBytes = plan.totalBytes();
    this.sourceModified = plan.sourceModified();
    this.fromFile = fromFile;
    this.listener = options.progressListener();
    this.limit = options.bandwidthLimit().orElse(null);
    for (UploadedPart p : plan.held()) {
      done.put(p.partNumber(), p);
      transferred += p.size();
    }
    checksums.putAll(plan.heldChecksums());
    this.checkpoints = new CheckpointWriter(options.checkpoint().orElse(null), this::snapshot);
  }

  UploadSession session() {
    return session;
  }

  /** Fresh part URLs, written to the checkpoint at once. */
  void renewed(UploadSession fresh) {
    session = fresh;
    checkpoints.writeNow();
  }

  long partSize() {
    return sizes.first();
  }

  PartSizes sizes() {
    return sizes;
  }

  /** The limit parts are paced by, or null. */
  BandwidthLimit limit() {
    return limit;
  }

  long totalBytes() {
    synchronized (lock) {
      return totalBytes;
    }
  }

  /** A stream of unknown length has ended: its length is now known. */
  void streamEnded(long read) {
    synchronized (lock) {
      if (totalBytes < 0) {
        totalBytes = read;
      }
    }
  }

  boolean holds(int partNumber) {
    synchronized (lock) {
      return done.containsKey(partNumber);
    }
  }

  /** A held part and its CRC-32C (null when none was recorded). */
  UploadedPart held(int partNumber) {
    synchronized (lock) {
      return done.get(partNumber);
    }
  }

  Long checksum(int partNumber) {
    synchronized (lock) {
      return checksums.get(partNumber);
    }
  }

  long transferredBytes() {
    synchronized (lock) {
      return transferred;
    }
  }

  int heldCount() {
    synchronized (lock) {
      return done.size();
    }
  }

  List<UploadedPart> parts() {
    synchronized (lock) {
      return new ArrayList<>(done.values());
    }
  }

  /**
   * Records an acknowledged part, reports progress, and lets the checkpoint writer decide whether
   * to write. A part sent under an upload the server has since replaced is dropped.
   */
  void record(UploadSession used, int number, long size, UploadedPart part, long crc) {
    UploadedPart stored = part.size() == size ? part
        : UploadedPart.of(number, part.etag().orElse(null), size)
            .withChecksum(part.checksum().orElse(null)).withCheck(part.check().orElse(null));
    int held;
    synchronized (progressLock) {
      TransferProgress progress;
      synchronized (lock) {
        if (!used.uploadId().equals(session.uploadId())) {
          return;
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
        listener.onProgress(progress);
      } catch (RuntimeException e) {
        LOG.warn("the progress listener failed; the upload goes on", e);
      }
    }
    checkpoints.partRecorded(held);
  }

  /** The server replaced the upload: nothing sent so far counts. Written at once. */
  void restart() {
    synchronized (lock) {
      done.clear();
      checksums.clear();
      transferred = 0;
    }
    checkpoints.writeNow();
  }

  CheckpointWriter checkpoints() {
    return checkpoints;
  }

  /** The checkpoint as the upload stands: taken under the lock, written outside it. */
  private UploadCheckpoint snapshot() {
    List<UploadedPart> parts;
    Map<Integer, Long> sums;
    UploadSession current;
    long length;
    synchronized (lock) {
      parts = new ArrayList<>(done.values());
      sums = new HashMap<>(checksums);
      current = session;
      length = totalBytes;
    }
    return new UploadCheckpoint(current, sizes, fromFile ? length : -1, sourceModified, parts,
        sums);
  }
}
