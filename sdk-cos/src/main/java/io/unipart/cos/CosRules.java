package io.unipart.cos;

import io.unipart.internal.FieldChecks;
import io.unipart.InvalidRequestException;
import io.unipart.UploadCapabilities;
import java.util.List;
import java.util.Map;

/** COS's limits on an initiate request, each failing with the field and the rule named. */
final class CosRules {
  /**
   * COS's part rules: 1 MiB (all but the last) to 5 GiB, at most 10,000, numbered from 1 without
   * gaps (complete refuses gaps with {@code InvalidPart}), of sizes that may differ; abort, list
   * parts and list uploads are available, and complete can be conditional.
   */
  static final UploadCapabilities CAPABILITIES =
      UploadCapabilities.builder()
          .partSize(CosRules.MIN_PART_SIZE, CosRules.MAX_PART_SIZE)
          .maxPartCount(CosRules.MAX_PARTS)
          .partSizesMayDiffer(true)
          .firstPartNumber(1)
          .consecutivePartNumbers(true)
          .canAbort(true)
          .canListParts(true)
          .conditionalComplete(true)
          .canListUploads(true)
          .build();

  static final int MAX_KEY_BYTES = 850;
  static final int MAX_METADATA_BYTES = 2048;
  static final int MAX_TAGS = 10;
  static final long MIN_PART_SIZE = 1L << 20;
  static final long MAX_PART_SIZE = 5L << 30;
  static final int MAX_PARTS = 10_000;

  private CosRules() {}

  static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new InvalidRequestException("key", "must not be empty");
    }
    if (key.startsWith("/") || key.startsWith("\\")) {
      throw new InvalidRequestException("key", "must not start with '/' or '\\'");
    }
    FieldChecks.noControlCharacters("key", key);
    int bytes = FieldChecks.utf8("key", key).length;
    if (bytes > MAX_KEY_BYTES) {
      throw new InvalidRequestException(
          "key", "must be at most " + MAX_KEY_BYTES + " UTF-8 bytes (was " + bytes + ")");
    }
  }

  static void checkMetadata(Map<String, String> metadata) {
    FieldChecks.metadata(metadata, MAX_METADATA_BYTES, true, "_");
  }

  static void checkTags(Map<String, String> tags) {
    if (tags.size() > MAX_TAGS) {
      throw new InvalidRequestException(
          "tags", "must be at most " + MAX_TAGS + " (was " + tags.size() + ")");
    }
  }

  /** Grantee ids such as {@code 100000000001} or {@code qcs::cam::uin/1:uin/2}. */
  static void checkGrant(String field, List<String> ids) {
    if (ids.isEmpty()) {
      throw new InvalidRequestException(field, "needs at least one grantee id");
    }
    for (String id : ids) {
      if (id == null || id.isEmpty()) {
        throw new InvalidRequestException(field, "grantee ids must not be empty");
      }
      for (int i = 0; i < id.length(); i++) {
        char c = id.charAt(i);
        if (c <= ' ' || c > '~' || c == '"' || c == ',') {
          throw new InvalidRequestException(
              field,
              "grantee ids must be printable US-ASCII without spaces, quotes or commas (was \""
                  + id + "\")");
        }
      }
    }
  }
}
