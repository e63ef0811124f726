package io.unipart.examples;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C and SIGTERM while a transfer runs. The JVM runs shutdown hooks on either; the hook
 * interrupts the command's thread, which makes the uploader stop sending and abort the upload, or
 * keep it when there is a checkpoint. The hook waits (at most a minute) for the command to say
 * what became of the upload, then ends the process with status 130.
 */
final class Signals implements AutoCloseable {
  private static final long SETTLE_SECONDS = 60;

  private final AtomicBoolean received = new AtomicBoolean();
  private final CountDownLatch settled = new CountDownLatch(1);
  private final UnipartCli root;
  private final Thread hook;
  private volatile int status = UnipartCli.FAILED;

  private Signals(UnipartCli root, Thread command) {
    this.root = root;
    if (!root.handleSignals) {
      this.hook = null;
      return;
    }
    this.hook = new Thread(() -> {
      received.set(true);
      command.interrupt();
      try {
        if (!settled.await(SETTLE_SECONDS, TimeUnit.SECONDS)) {
          root.err.println("interrupted: the upload did not settle within " + SETTLE_SECONDS
              + " s; it may still be open on the server ('unipart uploads' lists s3 and cos"
              + " uploads)");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      root.out.flush();
      root.err.flush();
      Runtime.getRuntime().halt(received.get() ? UnipartCli.INTERRUPTED : status);
    }, "unipart-signal");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Watches for Ctrl-C and SIGTERM while the calling thread runs a transfer. */
  static Signals watch(UnipartCli root) {
    return new Signals(root, Thread.currentThread());
  }

  /** Whether Ctrl-C or SIGTERM arrived. */
  boolean received() {
    return received.get();
  }

  /** The command has said what became of the upload; {@code code} is its status. */
  int settled(int code) {
    status = code;
    settled.countDown();
    return received.get() ? UnipartCli.INTERRUPTED : code;
  }

  @Override
  public void close() {
    settled.countDown();
    if (hook != null && !received.get()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs and ends the process
      }
    }
  }
}
