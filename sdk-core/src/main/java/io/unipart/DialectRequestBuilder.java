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
 * @param <B> the dialect's builder
 */
public interface DialectRequestBuilder<B extends DialectRequestBuilder<B>> {
  /**
   * The neutral part as it stands.
   *
   * @return the neutral request
   */
  UploadRequest upload();

  /**
   * Replaces the neutral part, keeping the dialect's options.
   *
   * @param upload the neutral request
   * @return this builder
   */
  B upload(UploadRequest upload);

  /**
   * Changes the neutral part, keeping the dialect's options.
   *
   * @param change e.g. {@code u -> u.overwrite(false)}
   * @return this builder
   * @throws InvalidRequestException when the changed neutral request breaks a shared rule
   */
  default B upload(Consumer<UploadRequest.Builder> change) {
    UploadRequest.Builder u = upload().toBuilder();
    Objects.requireNonNull(change, "change").accept(u);
    return upload(u.build());
  }
}
