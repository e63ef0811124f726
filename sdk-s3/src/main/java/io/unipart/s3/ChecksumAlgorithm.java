package io.unipart.s3;

/**
 * S3's flexible checksums: each part's is taken as it is sent and checked by S3, and the object's
 * checked at complete ({@code UploadResult.checksum()}). CRC32, CRC32C and SHA256 make a composite
 * object checksum (the checksum of the parts' checksums, {@code -N}); CRC64NVME a full-object one.
 *
 * <pre>{@code
 * S3MultipartClient.builder().aws("eu-central-1")...checksumAlgorithm(ChecksumAlgorithm.CRC32C).build();
 * }</pre>
 *
 * <p>On by default (CRC32) for AWS endpoints, as AWS's Java SDK does since 2.30; off by default
 * elsewhere, since stores such as older MinIO, Ceph or JDCloud may refuse the headers.
 */
public enum ChecksumAlgorithm {
  /** CRC-32, the JDK's {@code CRC32}; AWS's default. */
  CRC32,
  /** CRC-32C, the JDK's {@code CRC32C}. */
  CRC32C,
  /** CRC-64/NVME, full-object. */
  CRC64NVME,
  /** SHA-256. */
  SHA256;

  /** The checksum type S3 is asked for at CreateMultipartUpload. */
  String checksumType() {
    return this == CRC64NVME ? "FULL_OBJECT" : "COMPOSITE";
  }
}
