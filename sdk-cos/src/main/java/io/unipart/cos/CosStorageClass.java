package io.unipart.cos;

/**
 * COS storage classes, sent as {@code x-cos-storage-class}.
 *
 * <pre>{@code
 * CosInitiateRequest.builder(request).storageClass(CosStorageClass.STANDARD_IA).build();
 * }</pre>
 */
public enum CosStorageClass {
  /** Standard (the default). */
  STANDARD,
  /** Standard, multi-AZ. */
  MAZ_STANDARD,
  /** Infrequent access. */
  STANDARD_IA,
  /** Infrequent access, multi-AZ. */
  MAZ_STANDARD_IA,
  /** Intelligent tiering. */
  INTELLIGENT_TIERING,
  /** Intelligent tiering, multi-AZ. */
  MAZ_INTELLIGENT_TIERING,
  /** Archive. */
  ARCHIVE,
  /** Deep archive. */
  DEEP_ARCHIVE
}
