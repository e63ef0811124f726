package io.unipart.s3;

/**
 * S3's canned ACLs, sent as {@code x-amz-acl}.
 *
 * <pre>{@code
 * S3InitiateRequest.builder(request).acl(CannedAcl.BUCKET_OWNER_FULL_CONTROL).build();
 * }</pre>
 */
public enum CannedAcl {
  /** {@code private}. */
  PRIVATE("private"),
  /** {@code public-read}. */
  PUBLIC_READ("public-read"),
  /** {@code public-read-write}. */
  PUBLIC_READ_WRITE("public-read-write"),
  /** {@code authenticated-read}. */
  AUTHENTICATED_READ("authenticated-read"),
  /** {@code aws-exec-read}. */
  AWS_EXEC_READ("aws-exec-read"),
  /** {@code bucket-owner-read}. */
  BUCKET_OWNER_READ("bucket-owner-read"),
  /** {@code bucket-owner-full-control}. */
  BUCKET_OWNER_FULL_CONTROL("bucket-owner-full-control");

  private final String wire;

  CannedAcl(String wire) {
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
