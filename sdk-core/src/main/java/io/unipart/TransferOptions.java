package io.unipart;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-upload settings of the {@link MultipartUploader}: where to keep a checkpoint, whom to tell
 * about progress, whether to abort on failure, and the bandwidth limit it shares. Immutable.
 *
 * <pre>{@code
 * TransferOptions options = TransferOptions.builder()
 *     .checkpoint(Path.of("intro.mp4.checkpoint"))   // resumable; kept on failure
 *     .progressListener(p -> bar.update(p.transferredBytes()))
 *     .build();
 * }</pre>
 *
 * <p>On failure (or cancel) the upload is aborted, so the server frees its parts, unless a
 * checkpoint is kept: then it is left for {@link MultipartUploader#resume}. {@link
 * Builder#abortOnFailure(boolean)} overrides either default.
 */
public final class TransferOptions {
  private static final TransferOptions DEFAULTS = builder().build();

  private final Path checkpoint;
  private final ProgressListener progressListener;
  private final Boolean abortOnFailure;
  private final BandwidthLimit bandwidthLimit;

  private TransferOptions(Builder b) {
    this.checkpoint = b.checkpoint;
    this.progressListener = b.progressListener;
    this.abortOnFailure = b.abortOnFailure;
    this.bandwidthLimit = b.bandwidthLimit;
  }

  /**
   * No checkpoint, no listener, abort on failure.
   *
   * @return the defaults
   */
  public static TransferOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Starts from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where the checkpoint is kept.
   *
   * @return the file, when one is kept
   */
  public Optional<Path> checkpoint() {
    return Optional.ofNullable(checkpoint);
  }

  /**
   * Who hears about progress.
   *
   * @return the listener ({@link ProgressListener#NONE} by default)
   */
  public ProgressListener progressListener() {
    return progressListener;
  }

  /**
   * Whether a failed or cancelled upload is aborted.
   *
   * @return the setting, or by default true without a checkpoint and false with one
   */
  public boolean abortOnFailure() {
    return abortOnFailure != null ? abortOnFailure : checkpoint == null;
  }

  /**
   * The bandwidth limit the upload's parts share (with every other transfer given it).
   *
   * @return the limit, when one is set
   */
  public Optional<BandwidthLimit> bandwidthLimit() {
    return Optional.ofNullable(bandwidthLimit);
  }

  @Override
  public String toString() {
    return "TransferOptions{checkpoint=" + checkpoint + ", abortOnFailure=" + abortOnFailure()
        + (bandwidthLimit == null ? "" : ", " + bandwidthLimit) + '}';
  }

  /** Builds {@link TransferOptions}. Not thread-safe. */
  public static final class Builder {
    private Path checkpoint;
    private ProgressListener progressListener = ProgressListener.NONE;
    private Boolean abortOnFailure;
    private BandwidthLimit bandwidthLimit;

    private Builder() {}

    /**
     * Keeps a checkpoint in this file, rewritten atomically after every part and deleted once the
     * upload completes (or is aborted).
     *
     * <p>Running the same upload again is safe: when the file already exists (a run killed before
     * it could finish), a new upload is not started over it. If it holds an upload of the same
     * dialect and key (for {@code upload(.., session, ..)}: that very session), that upload is
     * resumed as {@link MultipartUploader#resume} would, its recorded parts checked against the
     * source first; the request's options then are those the upload was started with. Anything
     * else (another key, another session, a file that is not a checkpoint, a source that differs
     * from the recorded parts) is refused with {@link InvalidRequestException} before any network
     * call, and the file is left as it is: resume or abort that upload, or name another file.
     *
     * @param checkpoint the file, or null for none
     */
    public Builder checkpoint(Path checkpoint) {
      this.checkpoint = checkpoint;
      return this;
    }

    /**
     * Sets who hears about progress.
     *
     * @param listener the listener
     */
    public Builder progressListener(ProgressListener listener) {
      this.progressListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Says whether a failed or cancelled upload is aborted.
     *
     * @param abort true to abort (where the dialect can), false to leave it resumable
     */
    public Builder abortOnFailure(boolean abort) {
      this.abortOnFailure = abort;
      return this;
    }

    /**
     * Caps the bytes per second this upload sends, sharing the cap with every other transfer
     * given the same {@link BandwidthLimit} (one limit for many files at once). Default: none.
     *
     * @param limit the shared limit, or null for none
     */
    public Builder bandwidthLimit(BandwidthLimit limit) {
      this.bandwidthLimit = limit;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public TransferOptions build() {
      return new TransferOptions(this);
    }
  }
}
