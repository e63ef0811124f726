package io.unipart.internal;

import io.unipart.ClientBuilder;
import io.unipart.MultipartInitiator;
import io.unipart.UploadRequest;
import io.unipart.UploadSession;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What every dialect client shares: the neutral {@code initiate} maps onto the dialect's typed
 * request, async calls run on the client's executor, and {@link #close()} releases the runtime. A
 * dialect implements {@link #toTypedRequest(UploadRequest)} and {@link #initiate(Object)}.
 *
 * <pre>{@code
 * public final class MyClient extends DialectClient<MyInitiateRequest> {
 *   protected MyInitiateRequest toTypedRequest(UploadRequest r) { return MyInitiateRequest.from(r); }
 *   public UploadSession initiate(MyInitiateRequest r) { ... executor().execute(...) ... }
 * }
 * }</pre>
 *
 * @param <R> the dialect's typed request
 */
public abstract class DialectClient<R> implements MultipartInitiator {
  private final ClientRuntime runtime;

  /**
   * For subclasses.
   *
   * @param runtime from {@link ClientBuilder#buildRuntime}
   */
  protected DialectClient(ClientRuntime runtime) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  /**
   * Maps the neutral request onto the dialect's, rejecting what the dialect cannot honour.
   *
   * @param request the neutral request
   * @return the typed request
   */
  protected abstract R toTypedRequest(UploadRequest request);

  /**
   * Starts an upload with every option the dialect has.
   *
   * @param request the typed request
   * @return the session
   */
  public abstract UploadSession initiate(R request);

  @Override
  public final UploadSession initiate(UploadRequest request) {
    return initiate(toTypedRequest(Objects.requireNonNull(request, "request")));
  }

  @Override
  public final CompletableFuture<UploadSession> initiateAsync(UploadRequest request) {
    return runtime.async(() -> initiate(request));
  }

  /**
   * Like {@link #initiate(Object)}, without blocking the caller.
   *
   * @param request the typed request
   * @return a future completed with the session or an {@link io.unipart.UploadException}
   */
  public final CompletableFuture<UploadSession> initiateAsync(R request) {
    return runtime.async(() -> initiate(request));
  }

  /**
   * The request executor.
   *
   * @return the executor
   */
  protected final RequestExecutor executor() {
    return runtime.executor();
  }

  @Override
  public final void close() {
    runtime.close();
  }
}
