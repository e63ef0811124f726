package io.unipart.s3;

import io.unipart.internal.FieldChecks;
import io.unipart.InvalidRequestException;
import io.unipart.UploadCapabilities;
import java.util.Map;

/** S3's limits on what an initiate request may carry, each failing with field and rule named. */
final class S3Rules {
  /**
   * S3's part rules: 5 MiB (all but the last) to 5 GiB, at most 10,000, numbered from 1, gaps
   * allowed; abort, list parts and list uploads are available, and complete can be conditional.
   * Parts of one size: some S3-compatible stores require it (Cloudflare R2: "All parts except the
   * last one must be the same size"), so a store not known to take others gets one size.
   */
  static final UploadCapabilities CAPABILITIES = rules(false, S3InitiateRequest.MAX_PARTS);

  /**
   * S3's part rules where parts may differ in size: AWS itself, whose limits are per part, and
   * stores the conformance suite found taking parts of growing sizes (docs/COMPATIBILITY.md).
   */
  static final UploadCapabilities MIXED_SIZES = rules(true, S3InitiateRequest.MAX_PARTS);

  private static UploadCapabilities rules(boolean mixedSizes, int maxParts) {
    return UploadCapabilities.builder()
        .partSize(S3InitiateRequest.MIN_PART_SIZE, S3InitiateRequest.MAX_PART_SIZE)
        .maxPartCount(maxParts)
        .partSizesMayDiffer(mixedSizes)
        .firstPartNumber(1)
        .canAbort(true)
        .canListParts(true)
        .conditionalComplete(true)
        .canListUploads(true)
        .build();
  }

  /**
   * OpenStack Swift's s3api: S3's part rules, but at most 1,000 parts (its {@code
   * max_upload_part_num} default), and no conditional complete it can be trusted with.
   */
  static final UploadCapabilities SWIFT_CAPABILITIES = rules(false, 1_000);

  private S3Rules() {}

  static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidRequestException("key", "must not be empty");
    }
    FieldChecks.noControlCharacters("key", key);
    int bytes = FieldChecks.utf8("key", key).length;
    if (bytes > S3InitiateRequest.MAX_KEY_BYTES) {
      throw new InvalidRequestException(
          "key", "must be at most " + S3InitiateRequest.MAX_KEY_BYTES + " UTF-8 bytes (was " + bytes + ")");
    }
  }

  static void checkMetadata(Map<String, String> metadata) {
    FieldChecks.metadata(metadata, S3InitiateRequest.MAX_METADATA_BYTES, false, "");
  }

  static void checkTags(Map<String, String> tags) {
    if (tags.size() > S3InitiateRequest.MAX_TAGS) {
      throw new InvalidRequestException(
          "tags", "must be at most " + S3InitiateRequest.MAX_TAGS + " (was " + tags.size() + ")");
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      int keyLength = e.getKey().codePointCount(0, e.getKey().length());
      if (keyLength < 1 || keyLength > 128) {
        throw new InvalidRequestException(
            "tags[" + e.getKey() + "]", "key must be 1..128 characters");
      }
      int valueLength = e.getValue().codePointCount(0, e.getValue().length());
      if (valueLength > 256) {
        throw new InvalidRequestException(
            "tags[" + e.getKey() + "]", "value must be at most 256 characters");
      }
    }
  }
}
