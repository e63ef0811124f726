package io.unipart.cos;

/**
 * COS's preset object ACLs, sent as {@code x-cos-acl}. {@link #DEFAULT} inherits the bucket's.
 *
 * <pre>{@code
 * CosInitiateRequest.builder(UploadRequest.builder().key("k").build()).acl(CosAcl.PUBLIC_READ)
     .build();
 * }</pre>
 */
public enum CosAcl {
  /** {@code default}: inherit the bucket's permissions. */
  DEFAULT("default"),
  /** {@code private}. */
  PRIVATE("private"),
  /** {@code public-read}. */
  PUBLIC_READ("public-read");

  private final String wire;

  CosAcl(String wire) {
    this.wire = wire;
  }

  /**
   * The header value.
   *
   * @return e.g. {@code public-read}
   */
  public String wireValue() {
    return wire;
  }

}
