package io.unipart.internal;

import io.unipart.UploadException;
import io.unipart.http.HttpTransport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What a dialect client holds from core: the {@link RequestExecutor} and the resources it must
 * release on close (a transport it created, its async threads). Thread-safe.
 *
 * <pre>{@code
 * private final ClientRuntime runtime = builder.buildRuntime("s3", signer, classifier);
 * public CompletableFuture<UploadSession> initiateAsync(UploadRequest r) {
 *   return runtime.async(() -> initiate(r));
 * }
 * }</pre>
 */
public final class ClientRuntime implements AutoCloseable {
  /** Async calls one client runs at once on its own threads. */
  static final int ASYNC_THREADS = 64;

  private final RequestExecutor executor;
  private final HttpTransport ownedTransport;
  private final Executor asyncExecutor;
  private final ExecutorService ownedAsync;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * The runtime of one client.
   *
   * @param dialect the dialect id, for thread names
   * @param executor the client's request executor
   * @param ownedTransport the transport the builder made, which closing the runtime closes (the
   *     executor's, or the one that owns its connection pool), or null when the caller owns it
   * @param asyncExecutor where async calls run, or null for the runtime's own threads
   */
  public ClientRuntime(String dialect, RequestExecutor executor, HttpTransport ownedTransport,
      Executor asyncExecutor) {
    this.executor = executor;
    this.ownedTransport = ownedTransport;
    if (asyncExecutor == null) {
      this.ownedAsync = newAsyncPool(dialect);
      this.asyncExecutor = ownedAsync;
    } else {
      this.ownedAsync = null;
      this.asyncExecutor = asyncExecutor;
    }
  }

  /**
   * The request executor.
   *
   * @return the executor
   */
  public RequestExecutor executor() {
    return executor;
  }

  /**
   * Runs a blocking call on the async executor. Exceptions, {@link UploadException}s included,
   * complete the future exceptionally.
   *
   * @param call the call
   * @param <T> the result type
   * @return the future
   */
  public <T> CompletableFuture<T> async(Supplier<T> call) {
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("the client is closed"));
    }
    try {
      return CompletableFuture.supplyAsync(call, asyncExecutor);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Releases the transport and threads this runtime created. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (ownedAsync != null) {
      ownedAsync.shutdown();
    }
    if (ownedTransport != null) {
      ownedTransport.close();
    }
  }

  private static ExecutorService newAsyncPool(String dialect) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "unipart-" + dialect + "-async-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    // At most ASYNC_THREADS calls run at once; more wait in the queue. Threads are made on demand
    // and end after 30 s idle, so an idle client holds none.
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            ASYNC_THREADS, ASYNC_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
