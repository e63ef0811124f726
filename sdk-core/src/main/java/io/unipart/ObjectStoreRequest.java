package io.unipart;

/**
 * A typed request that makes an object in an object store (S3 and S3-compatible stores, COS): the
 * neutral part plus the {@link ObjectHeaders} the object is served with and its tags.
 */
public abstract class ObjectStoreRequest extends DialectRequest {
  private final ObjectHeaders objectHeaders;

  /**
   * Takes the neutral part and the object headers from the builder.
   *
   * @param builder the dialect's builder
   */
  protected ObjectStoreRequest(ObjectStoreRequestBuilder<?> builder) {
    super(builder.upload());
    this.objectHeaders = builder.objectHeaders();
  }

  /**
   * Cache-Control, Content-Disposition, Content-Encoding, Expires and tags.
   *
   * @return the values, {@link ObjectHeaders#NONE} when none were given
   */
  public final ObjectHeaders objectHeaders() {
    return objectHeaders;
  }
}
