package io.unipart;

import java.util.Objects;

/**
 * What every dialect's typed request shares: the neutral {@link UploadRequest} it was built from.
 * The dialect's subclass adds the options only it has; {@link DialectRequestBuilder} builds it.
 */
public abstract class DialectRequest {
  private final UploadRequest upload;

  /**
   * Holds the neutral part.
   *
   * @param upload the neutral request, never null
   */
  protected DialectRequest(UploadRequest upload) {
    this.upload = Objects.requireNonNull(upload, "upload");
  }

  /**
   * The neutral part of the request.
   *
   * @return key, content type, metadata, length, part plan, overwrite and deadline
   */
  public final UploadRequest upload() {
    return upload;
  }
}
