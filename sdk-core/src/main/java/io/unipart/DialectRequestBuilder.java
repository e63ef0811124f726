package io.unipart;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What every dialect's typed request builder shares: it holds the neutral {@link UploadRequest}
 * (key, content type, metadata, length, part plan, overwrite, deadline) beside the options only
 * that dialect has, and the neutral part can be replaced or changed without restating it.
 *
 * <pre>{@code
 * S3InitiateRequest request = S3InitiateRequest.builder(UploadRequest.builder().key("a.mp4").build())
 *     .storageClass("STANDARD_IA")
 *     .upload(u -> u.contentType("video/mp4").overwrite(false))
 *     .build();
 * }</pre>
 *
 * <p>A third-party dialect's builder extends it and adds its own options; the neutral part is
 * never restated.
 *
 * @param <B> the dialect's builder
 */
public abstract class DialectRequestBuilder<B extends DialectRequestBuilder<B>> {
  private UploadRequest upload;

  /**
   * Starts from a neutral request.
   *
   * @param upload the neutral request, never null
   */
  protected DialectRequestBuilder(UploadRequest upload) {
    this.upload = Objects.requireNonNull(upload, "upload");
  }

  /**
   * The neutral part as it stands.
   *
   * @return the neutral request
   */
  public final UploadRequest upload() {
    return upload;
  }

  /**
   * Replaces the neutral part, keeping the dialect's options.
   *
   * @param upload the neutral request
   */
  public final B upload(UploadRequest upload) {
    this.upload = Objects.requireNonNull(upload, "upload");
    return self();
  }

  /** This builder, typed as the dialect's: B is the subclass by the class's contract. */
  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /**
   * Changes the neutral part, keeping the dialect's options.
   *
   * @param change e.g. {@code u -> u.overwrite(false)}
   * @throws InvalidRequestException when the changed neutral request breaks a shared rule
   */
  public final B upload(Consumer<UploadRequest.Builder> change) {
    UploadRequest.Builder u = upload.toBuilder();
    Objects.requireNonNull(change, "change").accept(u);
    return upload(u.build());
  }
}
