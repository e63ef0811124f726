package io.unipart.presigned;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The JSON bodies unipart sends the presigned-upload API, as typed values; absent fields left out. */
final class PresignedBodies {
  private PresignedBodies() {}

  /** {@code uploads/multipart}: {@code contentLength} goes as a string, as the API documents. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Init(int partsNumber, String fileName, String contentLength, String mimeType,
      Boolean enableDuplicateCheck, String fileHash, Integer presignedUrlExpiryTimeHours) {}

  /** {@code multipart-abort}. */
  record Key(String requestKey) {}

  /** {@code multipart-resume}, keeping the expiry the upload chose. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Resume(String requestKey, Integer presignedUrlExpiryTimeHours) {}

  /** {@code multipart-complete}: every part, never a partial complete. */
  record Complete(String requestKey, boolean allowPartialComplete, List<Part> parts) {}

  /** One part of a complete. */
  record Part(int partNumber, String eTag) {}
}
