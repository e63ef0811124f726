package io.unipart;

import java.util.Objects;

/**
 * Builds an {@link ObjectStoreRequest}: the neutral part, the {@link ObjectHeaders}, and the
 * dialect's own options.
 *
 * @param <B> the dialect's builder
 */
public abstract class ObjectStoreRequestBuilder<B extends ObjectStoreRequestBuilder<B>>
    extends DialectRequestBuilder<B> {
  private ObjectHeaders objectHeaders = ObjectHeaders.NONE;

  /**
   * Starts from a neutral request, with no object headers.
   *
   * @param upload the neutral request, never null
   */
  protected ObjectStoreRequestBuilder(UploadRequest upload) {
    super(upload);
  }

  /**
   * The object headers as they stand.
   *
   * @return the values, {@link ObjectHeaders#NONE} until set
   */
  public final ObjectHeaders objectHeaders() {
    return objectHeaders;
  }

  /**
   * Sets the headers the object is served with (Cache-Control, Content-Disposition,
   * Content-Encoding, Expires) and its tags, which travel URL-encoded in the store's tagging
   * header. The dialect checks its own tag limits when the request is built.
   *
   * @param objectHeaders the values
   */
  public final B objectHeaders(ObjectHeaders objectHeaders) {
    this.objectHeaders = Objects.requireNonNull(objectHeaders, "objectHeaders");
    return self();
  }
}
