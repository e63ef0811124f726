package io.unipart.s3;

import io.unipart.InvalidRequestException;
import io.unipart.spi.FieldChecks;
import java.util.Map;

/** S3's limits on what an initiate request may carry, each failing with field and rule named. */
final class S3Rules {
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
      FieldChecks.utf8("tags[" + e.getKey() + "]", e.getKey() + e.getValue());
    }
  }

  static void checkPlan(Long contentLength, Long partSize) {
    if (contentLength != null && contentLength < 0) {
      throw new InvalidRequestException(
          "contentLength", "must be >= 0 (was " + contentLength + ")");
    }
    if (partSize == null) {
      return;
    }
    if (partSize < 1 || partSize > S3InitiateRequest.MAX_PART_SIZE) {
      throw new InvalidRequestException(
          "partSize", "must be at most 5 GiB (" + S3InitiateRequest.MAX_PART_SIZE + " bytes) (was " + partSize
              + ")");
    }
    boolean singlePart = contentLength != null && contentLength <= partSize;
    if (partSize < S3InitiateRequest.MIN_PART_SIZE && !singlePart) {
      throw new InvalidRequestException(
          "partSize",
          "must be at least 5 MiB (" + S3InitiateRequest.MIN_PART_SIZE + " bytes) unless the object is one part"
              + " (was " + partSize + ")");
    }
    if (contentLength != null) {
      long parts = (contentLength + partSize - 1) / partSize;
      if (parts > S3InitiateRequest.MAX_PARTS) {
        throw new InvalidRequestException(
            "partSize",
            "would make " + parts + " parts of " + contentLength
                + " bytes; S3 allows at most " + S3InitiateRequest.MAX_PARTS);
      }
    }
  }
}
