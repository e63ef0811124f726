package io.unipart;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Uploads whole files and streams through any {@link MultipartClient}: cuts the source into parts
 * within the dialect's limits, sends them in parallel under one memory budget, retries each part
 * on its own, reports acknowledged bytes, completes, and on failure aborts (or keeps a checkpoint
 * to {@link #resume} from).
 *
 * <pre>{@code
 * MultipartUploader uploader = MultipartUploader.builder(s3Client).concurrency(8).build();
 * UploadResult result = uploader.upload(Path.of("intro.mp4"),
 *     UploadRequest.builder().key("videos/intro.mp4").contentType("video/mp4").build());
 * }</pre>
 *
 * <p>Memory: a file is read from disk slice by slice as each part is sent (twice over plain http,
 * where S3 signs the payload's hash), never loaded whole; a stream is buffered at most {@code
 * concurrency} parts at a time. Part size: the request's {@code partSize} (or {@code partCount})
 * when set, otherwise {@value #DEFAULT_PART_SIZE} bytes, raised to the dialect's minimum and to
 * whatever keeps the part count within its maximum. Each part is retried by the client's {@link
 * RetryPolicy}, re-read from its source on every attempt.
 *
 * <p>Safe to run again: an upload given a {@link TransferOptions.Builder#checkpoint(Path)
 * checkpoint} file that already holds the same upload (a run killed midway) resumes that upload
 * instead of starting another one over it, and refuses, before any call, a checkpoint that holds
 * anything else.
 *
 * <p>Thread-safe: one uploader may run many uploads at once; each uses its own {@code
 * concurrency} threads, which end with it, unless the builder was given an {@link
 * Builder#executor(Executor) executor} for parts.
 */
public final class MultipartUploader {
  /**
   * Parts sent at once by default, unless the dialect's provider recommends fewer ({@link
   * UploadCapabilities#recommendedConcurrency()}, e.g. Cognite's 3).
   */
  public static final int DEFAULT_CONCURRENCY = 4;

  /** The part size used when neither the request nor the dialect's limits say otherwise: 8 MiB. */
  public static final long DEFAULT_PART_SIZE = 8L << 20;

  private static final AtomicInteger COORDINATORS = new AtomicInteger();

  private final MultipartClient client;
  private final int concurrency;
  private final long defaultPartSize;
  private final Executor partExecutor;
  private final UploadEventListener events;

  private MultipartUploader(Builder b) {
    this.events = b.events;
    this.partExecutor = b.partExecutor;
    this.client = b.client;
    this.concurrency = b.concurrency;
    this.defaultPartSize = b.defaultPartSize;
  }

  /**
   * Starts an uploader on a client.
   *
   * @param client the dialect client; the uploader does not close it
   * @return a builder
   */
  public static Builder builder(MultipartClient client) {
    return new Builder(client);
  }

  /**
   * Uploads a file and waits for it.
   *
   * @param file the file
   * @param request the key and options; {@code contentLength}, when set, must match the file
   * @return the finished object
   * @throws InvalidRequestException before any network call, when the plan breaks a rule
   * @throws UploadFailedException when a part or the completing call fails after the upload began
   * @throws UploadException when the upload cannot be started
   */
  public UploadResult upload(Path file, UploadRequest request) {
    return upload(file, request, TransferOptions.defaults());
  }

  /**
   * Uploads a file with options and waits for it. Interrupting the calling thread cancels it.
   *
   * @param file the file
   * @param request the key and options
   * @param options checkpoint, progress listener, abort behaviour
   * @return the finished object
   * @throws InvalidRequestException before any network call, when the plan breaks a rule
   * @throws UploadFailedException when a part or the completing call fails after the upload began
   */
  public UploadResult upload(Path file, UploadRequest request, TransferOptions options) {
    return fileRun(file, request, options).run();
  }

  /**
   * Uploads a stream and waits for it. The stream is read to its end, not closed.
   *
   * @param in the bytes; its length need not be known ({@code contentLength} may say it)
   * @param request the key and options
   * @return the finished object
   * @throws InvalidRequestException when the plan breaks a rule, or the stream's length differs
   *     from {@code contentLength}
   * @throws UploadFailedException when a part or the completing call fails after the upload began
   */
  public UploadResult upload(InputStream in, UploadRequest request) {
    return upload(in, request, TransferOptions.defaults());
  }

  /**
   * Uploads a stream with options and waits for it.
   *
   * @param in the bytes
   * @param request the key and options
   * @param options checkpoint, progress listener, abort behaviour
   * @return the finished object
   * @throws UploadFailedException when a part or the completing call fails after the upload began
   */
  public UploadResult upload(InputStream in, UploadRequest request, TransferOptions options) {
    return streamRun(in, request, options).run();
  }

  /**
   * Starts uploading a file in the background.
   *
   * @param file the file
   * @param request the key and options
   * @param options checkpoint, progress listener, abort behaviour
   * @return the running transfer
   */
  public Transfer start(Path file, UploadRequest request, TransferOptions options) {
    return background(fileRun(file, request, options));
  }

  /**
   * Starts uploading a stream in the background; the stream is read on the transfer's thread.
   *
   * @param in the bytes
   * @param request the key and options
   * @param options checkpoint, progress listener, abort behaviour
   * @return the running transfer
   */
  public Transfer start(InputStream in, UploadRequest request, TransferOptions options) {
    return background(streamRun(in, request, options));
  }

  /**
   * Sends a file as the parts of an upload already started, typically with a dialect's typed
   * request for options the neutral one lacks (S3 storage class or encryption, COS ACLs, RUM's
   * env, Cognite's external id), then completes it:
   *
   * <pre>{@code
   * UploadRequest request = UploadRequest.builder().key("video.mp4").build();
   * UploadSession session = s3.initiate(S3InitiateRequest.builder(request)
   *     .serverSideEncryption(ServerSideEncryption.kms("alias/media")).build());
   * uploader.upload(Path.of("video.mp4"), session, TransferOptions.defaults());
   * }</pre>
   *
   * <p>The part size is the session's ({@code partSize} of the request it was started with), or
   * the one implied by the part URLs it was issued, or else planned as for a new upload. On
   * failure the session is aborted or kept as the options say.
   *
   * @param file the file; when the session records a length, it must be this file's
   * @param session a session of this uploader's dialect
   * @param options checkpoint, progress listener, abort behaviour
   * @return the finished object
   * @throws InvalidRequestException before any part is sent, when the file or part plan does not
   *     fit the session or the dialect
   * @throws UploadFailedException when a part or the completing call fails
   */
  public UploadResult upload(Path file, UploadSession session, TransferOptions options) {
    return startedRun(file, null, session, options).run();
  }

  /**
   * Sends a stream as the parts of an upload already started (see {@link #upload(Path,
   * UploadSession, TransferOptions)}). Its length is the session's, if it records one.
   *
   * @param in the bytes; read to the end, not closed
   * @param session a session of this uploader's dialect
   * @param options checkpoint, progress listener, abort behaviour
   * @return the finished object
   * @throws UploadFailedException when a part or the completing call fails
   */
  public UploadResult upload(InputStream in, UploadSession session, TransferOptions options) {
    return startedRun(null, Objects.requireNonNull(in, "in"), session, options).run();
  }

  /**
   * Like {@link #upload(Path, UploadSession, TransferOptions)}, in the background.
   *
   * @param file the file
   * @param session a session of this uploader's dialect
   * @param options checkpoint, progress listener, abort behaviour
   * @return the running transfer
   */
  public Transfer start(Path file, UploadSession session, TransferOptions options) {
    return background(startedRun(file, null, session, options));
  }

  /**
   * Finishes an interrupted upload from its checkpoint file: asks the server which parts it holds
   * (where the dialect can list them; size and ETag must match, and a part the checkpoint missed
   * must match the file's MD5), sends only the rest, and completes. The checkpoint is kept up to
   * date meanwhile and deleted at the end.
   *
   * @param checkpoint the checkpoint file the interrupted upload kept
   * @param file the same file as before
   * @return the finished object
   * @throws InvalidRequestException when the checkpoint cannot be read or the file differs in size
   * @throws UploadFailedException when a part or the completing call fails
   */
  public UploadResult resume(Path checkpoint, Path file) {
    return resume(checkpoint, file, TransferOptions.builder().checkpoint(checkpoint).build());
  }

  /**
   * Finishes an interrupted upload with options (the options' checkpoint, if any, is where
   * progress is saved from now on).
   *
   * @param checkpoint the checkpoint file to read
   * @param file the same file as before
   * @param options checkpoint, progress listener, abort behaviour
   * @return the finished object
   */
  public UploadResult resume(Path checkpoint, Path file, TransferOptions options) {
    return resumeRun(UploadCheckpoint.read(checkpoint), file, options).run();
  }

  /**
   * Finishes an interrupted stream upload from its checkpoint: the stream is read from its
   * start, and the parts the server already holds are skipped, each only after its bytes proved
   * to be the ones sent before (the checkpoint's CRC-32C of each part). A stream that differs is
   * refused with {@link InvalidRequestException} naming the first part that differs; the upload
   * and its checkpoint are then left as they were, for the right source to resume.
   *
   * @param checkpoint the checkpoint file to read
   * @param in the same bytes as before, from the start; read to the end, not closed
   * @param options checkpoint, progress listener, abort behaviour
   * @return the finished object
   * @throws InvalidRequestException when the checkpoint cannot be read or the stream differs
   * @throws UploadFailedException when a part or the completing call fails
   */
  public UploadResult resume(Path checkpoint, InputStream in, TransferOptions options) {
    UploadCheckpoint cp = UploadCheckpoint.read(checkpoint);
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(options, "options");
    if (caps().partUrlsIssuedAtStart() && cp.contentLength() < 0) {
      throw new InvalidRequestException("in", "cannot resume a " + cp.session().dialect()
          + " upload from a stream of unknown length");
    }
    return run(null, in, TransferPlan.Start.resume(cp), options).run();
  }

  private UploadCapabilities caps() {
    return client.capabilities();
  }

  /**
   * Like {@link #resume(Path, Path, TransferOptions)}, in the background.
   *
   * @param checkpoint the checkpoint
   * @param file the same file as before
   * @param options checkpoint, progress listener, abort behaviour
   * @return the running transfer
   */
  public Transfer startResume(UploadCheckpoint checkpoint, Path file, TransferOptions options) {
    return background(resumeRun(checkpoint, file, options));
  }

  /**
   * Aborts the upload a checkpoint file describes, then deletes the file.
   *
   * @param checkpoint the checkpoint file
   * @throws InvalidRequestException when the checkpoint cannot be read, or the dialect cannot
   *     abort
   * @throws ServiceException when the provider says no
   */
  public void abort(Path checkpoint) {
    UploadCheckpoint cp = UploadCheckpoint.read(checkpoint);
    if (!client.capabilities().canAbort()) {
      throw new InvalidRequestException("checkpoint", cp.session().dialect()
          + " uploads cannot be aborted");
    }
    client.abort(cp.session());
    try {
      Files.deleteIfExists(checkpoint);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The part size an upload of this length would use, with no part size in the request.
   *
   * @param contentLength bytes, or -1 when unknown
   * @return the part size
   */
  public long partSizeFor(long contentLength) {
    return PartPlanner.partSize(client.capabilities(), contentLength,
        UploadRequest.builder().key("plan").build(), defaultPartSize);
  }

  @Override
  public String toString() {
    return "MultipartUploader{" + client + ", concurrency=" + concurrency + '}';
  }

  private TransferRun fileRun(Path file, UploadRequest request, TransferOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    if (!Files.isRegularFile(file)) {
      throw new InvalidRequestException("file", "must be a readable regular file (" + file + ")");
    }
    return run(file, null, TransferPlan.Start.fresh(request), options);
  }

  private TransferRun streamRun(InputStream in, UploadRequest request, TransferOptions options) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(options, "options");
    return run(null, in, TransferPlan.Start.fresh(request), options);
  }

  private TransferRun startedRun(Path file, InputStream in, UploadSession session,
      TransferOptions options) {
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(options, "options");
    if (file != null && !Files.isRegularFile(file)) {
      throw new InvalidRequestException("file", "must be a readable regular file (" + file + ")");
    }
    return run(file, in, TransferPlan.Start.of(session), options);
  }

  private TransferRun resumeRun(UploadCheckpoint cp, Path file, TransferOptions options) {
    Objects.requireNonNull(cp, "checkpoint");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    if (!Files.isRegularFile(file)) {
      throw new InvalidRequestException("file", "must be a readable regular file (" + file + ")");
    }
    return run(file, null, TransferPlan.Start.resume(cp), options);
  }

  private TransferRun run(Path file, InputStream in, TransferPlan.Start start,
      TransferOptions options) {
    return new TransferRun(client, concurrency, partExecutor, defaultPartSize, options, file, in,
        CheckpointReuse.resolve(client.dialect(), start, options), events);
  }

  private static Transfer background(TransferRun run) {
    CompletableFuture<UploadResult> future = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        future.complete(run.run());
      } catch (Throwable e) {
        future.completeExceptionally(e);
      }
    }, "unipart-transfer-" + COORDINATORS.incrementAndGet());
    t.setDaemon(true);
    t.start();
    return new Transfer(run, future);
  }

  /** Builds a {@link MultipartUploader}. Not thread-safe. */
  public static final class Builder {
    private final MultipartClient client;
    private int concurrency;
    private long defaultPartSize = DEFAULT_PART_SIZE;
    private Executor partExecutor;
    private UploadEventListener events = UploadEventListener.NONE;

    private Builder(MultipartClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Sets how many parts are sent at once (and, for streams, buffered). Default {@value
     * MultipartUploader#DEFAULT_CONCURRENCY}, or the dialect's recommendation where it has one.
     *
     * @param concurrency 1..64
     * @throws InvalidRequestException when out of range
     */
    public Builder concurrency(int concurrency) {
      if (concurrency < 1 || concurrency > 64) {
        throw new InvalidRequestException("concurrency", "must be 1..64 (was " + concurrency
            + ")");
      }
      this.concurrency = concurrency;
      return this;
    }

    /**
     * Sets the part size used when a request names none; still raised to the dialect's minimum and
     * as needed to stay within its part count.
     *
     * @param partSize bytes, at least 1
     * @throws InvalidRequestException when below 1
     */
    public Builder defaultPartSize(long partSize) {
      if (partSize < 1) {
        throw new InvalidRequestException("defaultPartSize", "must be >= 1 (was " + partSize
            + ")");
      }
      this.defaultPartSize = partSize;
      return this;
    }

    /**
     * Runs parts on the application's executor instead of threads of the upload's own. At most
     * {@link #concurrency(int)} parts of one upload run at once whatever the executor allows; the
     * executor must be able to run that many at once, or parts wait for its threads. Stopping an
     * upload interrupts the executor's threads only while they run one of its parts. The uploader
     * does not shut the executor down.
     *
     * @param executor e.g. a virtual-thread executor, or a pool shared by many uploads
     */
    public Builder executor(Executor executor) {
      this.partExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Reports every part and every transfer (bytes, duration, outcome) for metrics and tracing;
     * the client's own builder takes a listener for its HTTP attempts. Default: none.
     *
     * @param listener the listener
     */
    public Builder eventListener(UploadEventListener listener) {
      this.events = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the uploader.
     *
     * @return the uploader
     */
    public MultipartUploader build() {
      if (concurrency == 0) {
        int recommended = client.capabilities().recommendedConcurrency();
        concurrency = recommended > 0 ? recommended : DEFAULT_CONCURRENCY;
      }
      return new MultipartUploader(this);
    }
  }
}
