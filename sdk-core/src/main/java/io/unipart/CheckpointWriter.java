package io.unipart;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Writes an upload's checkpoint outside the engine's lock, coalescing the writes a stream of
 * acknowledged parts would cause. Each write holds every part, so writing after every part costs
 * bytes quadratic in the part count (10,000 parts: some 15 GB); here a part is written at once
 * while the upload is small, and then once the parts held have grown by a sixteenth since the last
 * write, or once a while has passed (two seconds, longer as the checkpoint grows): bytes written
 * grow linearly. A part acknowledged but not yet written is not lost by a crash: resume finds it
 * in the server's listing where the dialect has one, and otherwise sends it again. State that must
 * be on disk before what follows (the upload started, URLs renewed, a failure kept for resume) is
 * written at once with {@link #writeNow()} or {@link #flush()}. Thread-safe; one write at a time.
 */
final class CheckpointWriter {
  private final Path path;
  private final Supplier<UploadCheckpoint> snapshot;
  private final Object monitor = new Object();
  private boolean writing;
  private boolean dirty;
  private int partsAtLastWrite;
  private long lastWriteNanos = System.nanoTime();
  private long bytesWritten;
  private int writes;

  /**
   * A writer.
   *
   * @param path where the checkpoint goes, or null to write nothing
   * @param snapshot the checkpoint as it stands (taken under the engine's lock, briefly)
   */
  CheckpointWriter(Path path, Supplier<UploadCheckpoint> snapshot) {
    this.path = path;
    this.snapshot = snapshot;
  }

  /** Writes the current state now, after any write under way. */
  void writeNow() {
    if (path == null) {
      return;
    }
    synchronized (monitor) {
      awaitWriter();
      writing = true;
      dirty = false;
    }
    write(true);
  }

  /**
   * Writes a new upload's first checkpoint, unless a file is already where it goes (another run
   * with the same checkpoint got there since the upload was asked for): never replaced.
   *
   * @return false when a file was already there; nothing was written
   */
  boolean create() {
    if (path == null) {
      return true;
    }
    synchronized (monitor) {
      awaitWriter();
      writing = true;
      dirty = false;
    }
    try {
      write(false);
      return true;
    } catch (java.io.UncheckedIOException e) {
      if (e.getCause() instanceof java.nio.file.FileAlreadyExistsException) {
        return false;
      }
      throw e;
    }
  }

  /**
   * A part was acknowledged: written now if enough has changed since the last write, otherwise
   * left for a later write or {@link #flush()}.
   *
   * @param partsHeld the parts the upload holds now
   */
  void partRecorded(int partsHeld) {
    if (path == null) {
      return;
    }
    synchronized (monitor) {
      dirty = true;
      if (writing || !due(partsHeld)) {
        return;
      }
      writing = true;
      dirty = false;
    }
    write(true);
  }

  /** Writes what has changed since the last write, if anything, and waits for it. */
  void flush() {
    if (path == null) {
      return;
    }
    synchronized (monitor) {
      awaitWriter();
      if (!dirty) {
        return;
      }
      writing = true;
      dirty = false;
    }
    write(true);
  }

  /** Bytes written so far (for the engine's measurements). */
  long bytesWritten() {
    synchronized (monitor) {
      return bytesWritten;
    }
  }

  /** Writes so far. */
  int writes() {
    synchronized (monitor) {
      return writes;
    }
  }

  private boolean due(int partsHeld) {
    int grown = partsHeld - partsAtLastWrite;
    if (grown >= Math.max(1, partsAtLastWrite / 16)) {
      return true;
    }
    long interval = 2_000_000_000L * (1 + partsHeld / 500);
    return grown > 0 && System.nanoTime() - lastWriteNanos >= interval;
  }

  private void awaitWriter() {
    boolean interrupted = false;
    while (writing) {
      try {
        monitor.wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void write(boolean replace) {
    long n = 0;
    int parts = 0;
    try {
      UploadCheckpoint cp = snapshot.get();
      parts = cp.parts().size();
      n = cp.writeCounting(path, replace);
    } finally {
      synchronized (monitor) {
        writing = false;
        bytesWritten += n;
        writes++;
        partsAtLastWrite = Math.max(partsAtLastWrite, parts);
        lastWriteNanos = System.nanoTime();
        monitor.notifyAll();
      }
    }
  }
}
